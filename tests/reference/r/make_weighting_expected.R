# Expected values for ankieta's weighting tests, beyond /work/shared/reference's poststratify.json,
# rake.json and calibrate.json (copied unchanged into expected/).
# Run from tests/reference:  Rscript r/make_weighting_expected.R
# R 4.2.2, survey 4.1.1 (Debian r-cran-survey 4.1-1-1). Writes expected/weighting.json. Every
# result carries the R call that produced it; `weights` are all the weights in row order.
suppressMessages(library(survey))
options(survey.lonely.psu = "fail", survey.ultimate.cluster = FALSE)
data(api)

num <- function(x) {
  x <- as.numeric(x)
  sapply(x, function(v) if (is.na(v)) "null" else if (is.infinite(v)) (if (v > 0) '"Inf"' else '"-Inf"')
         else { for (d in 15:17) { s <- formatC(v, digits = d, format = "g"); if (as.numeric(s) == v) break }; s })
}
arr <- function(x) paste0("[", paste(num(x), collapse = ", "), "]")
mat <- function(m) paste0("[", paste(apply(as.matrix(m), 1, arr), collapse = ", "), "]")
str <- function(s) paste0('"', gsub('"', '\\\\"', s), '"')
obj <- function(...) { a <- list(...); paste0("{", paste(paste0(str(names(a)), ": ", unlist(a)), collapse = ", "), "}") }
ev <- function(call) eval(parse(text = call), envir = globalenv())
stat <- function(call) { x <- ev(call); obj(call = str(call), estimate = arr(coef(x)), se = arr(SE(x)), vcov = mat(vcov(x))) }
design_block <- function(call, estimates) {
  d <- ev(call)
  parts <- list(call = str(call), weights = arr(weights(d)))
  for (e in names(estimates)) parts[[e]] <- stat(estimates[[e]])
  do.call(obj, parts)
}

dclus1 <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)
dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat)
pop.types <- table(stype = apipop$stype)
pop.schwide <- table(sch.wide = apipop$sch.wide)
pop.both <- table(stype = apipop$stype, sch.wide = apipop$sch.wide)
pop.awards <- table(awards = apipop$awards)
api99.total <- sum(apipop$api99)

out <- list()
out$population <- obj(
  stype = arr(pop.types), sch.wide = arr(pop.schwide), awards = arr(pop.awards),
  stype_by_sch.wide = mat(pop.both), api99_total = num(api99.total),
  note = str("table(stype = apipop$stype) etc.; stype_by_sch.wide rows E,H,M, columns No,Yes"))

# Post-stratification on two variables, and domains of the post-stratified design.
dclus1_ps2 <- postStratify(dclus1, ~stype + sch.wide, pop.both)
out$poststratify_two <- design_block(
  "postStratify(dclus1, ~stype + sch.wide, table(stype = apipop$stype, sch.wide = apipop$sch.wide))",
  list(svymean_api00 = "svymean(~api00, dclus1_ps2)",
       svytotal_enroll = "svytotal(~enroll, dclus1_ps2, na.rm = TRUE)",
       svymean_awards = "svymean(~awards, dclus1_ps2)",
       domain_mean_api00_yr.rnd_No = 'svymean(~api00, subset(dclus1_ps2, yr.rnd == "No"))',
       domain_total_enroll_awards_Yes = 'svytotal(~enroll, subset(dclus1_ps2, awards == "Yes"))'))
dclus1_ps <- postStratify(dclus1, ~stype, pop.types)
out$poststratify_domains <- design_block(
  "postStratify(dclus1, ~stype, table(stype = apipop$stype))",
  list(domain_mean_api00_sch.wide_Yes = 'svymean(~api00, subset(dclus1_ps, sch.wide == "Yes"))',
       domain_mean_api00_stype_H = 'svymean(~api00, subset(dclus1_ps, stype == "H"))',
       svymean_awards = "svymean(~awards, dclus1_ps)"))

# Raking a stratified design on two margins, tightly converged.
dstrat_rake <- rake(dstrat, list(~sch.wide, ~awards), list(pop.schwide, pop.awards),
                    control = list(maxit = 100, epsilon = 1e-12))
out$rake_stratified <- design_block(
  "rake(dstrat, list(~sch.wide, ~awards), list(pop.schwide, pop.awards), control = list(maxit = 100, epsilon = 1e-12))",
  list(svymean_api00 = "svymean(~api00, dstrat_rake)",
       svytotal_enroll = "svytotal(~enroll, dstrat_rake)",
       svymean_stype = "svymean(~stype, dstrat_rake)",
       domain_mean_api00_stype_M = 'svymean(~api00, subset(dstrat_rake, stype == "M"))'))

# Trimming the tightly raked dclus1 weights (R trimWeights, strict: repeat until within bounds).
dclus1_rake_tight <- rake(dclus1, list(~stype, ~sch.wide), list(pop.types, pop.schwide),
                          control = list(maxit = 100, epsilon = 1e-10))
dclus1_trim <- trimWeights(dclus1_rake_tight, upper = 60, lower = 31, strict = TRUE)
out$rake_trimmed <- design_block(
  "trimWeights(rake(dclus1, list(~stype, ~sch.wide), list(pop.types, pop.schwide), control = list(maxit = 100, epsilon = 1e-10)), upper = 60, lower = 31, strict = TRUE)",
  list(svymean_api00 = "svymean(~api00, dclus1_trim)",
       svytotal_enroll = "svytotal(~enroll, dclus1_trim)"))

# Linear calibration to a factor and a numeric total (GREG), unbounded, truncated linear, logit.
pop.cal <- c(`(Intercept)` = 6194, stypeH = 755, stypeM = 1018, api99 = api99.total)
dclus1_greg <- calibrate(dclus1, ~stype + api99, pop.cal)
out$calibrate_numeric <- design_block(
  "calibrate(dclus1, ~stype + api99, c(`(Intercept)` = 6194, stypeH = 755, stypeM = 1018, api99 = sum(apipop$api99)))",
  list(svymean_api00 = "svymean(~api00, dclus1_greg)",
       svytotal_enroll = "svytotal(~enroll, dclus1_greg)",
       svytotal_api99 = "svytotal(~api99, dclus1_greg)",
       svymean_sch.wide = "svymean(~sch.wide, dclus1_greg)",
       domain_mean_api00_sch.wide_No = 'svymean(~api00, subset(dclus1_greg, sch.wide == "No"))'))
dclus1_bounded <- calibrate(dclus1, ~stype + api99, pop.cal, bounds = c(0.5, 1.7))
out$calibrate_bounded_linear <- design_block(
  "calibrate(dclus1, ~stype + api99, pop.cal, bounds = c(0.5, 1.7))",
  list(svymean_api00 = "svymean(~api00, dclus1_bounded)",
       svytotal_enroll = "svytotal(~enroll, dclus1_bounded)"))
dclus1_logit <- calibrate(dclus1, ~stype + api99, pop.cal, bounds = c(0.4, 2), calfun = "logit")
out$calibrate_logit <- design_block(
  "calibrate(dclus1, ~stype + api99, pop.cal, bounds = c(0.4, 2), calfun = \"logit\")",
  list(svymean_api00 = "svymean(~api00, dclus1_logit)",
       svytotal_enroll = "svytotal(~enroll, dclus1_logit)"))
dstrat_greg <- calibrate(dstrat, ~api99, c(`(Intercept)` = 6194, api99 = api99.total))
out$calibrate_stratified <- design_block(
  "calibrate(dstrat, ~api99, c(`(Intercept)` = 6194, api99 = sum(apipop$api99)))",
  list(svymean_api00 = "svymean(~api00, dstrat_greg)",
       svytotal_enroll = "svytotal(~enroll, dstrat_greg)"))

# The bundled Podlasie sample (../../data/sample.csv) with the bundled frame (../../data/frame.csv).
sample <- read.csv("../../data/sample.csv")
frame <- read.csv("../../data/frame.csv")
sample$q03_years[sample$q03_years %in% c(998, 999)] <- NA
sample$stratum <- interaction(sample$size_class, sample$subregion)
dpodlasie <- svydesign(id = ~1, strata = ~stratum, weights = ~w_design, fpc = ~n_population, data = sample)
pop.size <- xtabs(population ~ size_class, frame)
pop.subregion <- xtabs(population ~ subregion, frame)
pop.cells <- xtabs(population ~ size_class + subregion, frame)
dpodlasie_ps <- postStratify(dpodlasie, ~size_class + subregion, pop.cells)
dpodlasie_rake <- rake(dpodlasie, list(~size_class, ~subregion), list(pop.size, pop.subregion),
                       control = list(maxit = 100, epsilon = 1e-12))
out$podlasie <- obj(
  design = str("svydesign(id = ~1, strata = ~interaction(size_class, subregion), weights = ~w_design, fpc = ~n_population, data = sample); q03_years 998/999 set to NA"),
  poststratify = design_block("postStratify(dpodlasie, ~size_class + subregion, xtabs(population ~ size_class + subregion, frame))",
                              list(svymean_q03_years = "svymean(~q03_years, dpodlasie_ps, na.rm = TRUE)")),
  rake = design_block("rake(dpodlasie, list(~size_class, ~subregion), list(xtabs(population ~ size_class, frame), xtabs(population ~ subregion, frame)), control = list(maxit = 100, epsilon = 1e-12))",
                      list(svymean_q03_years = "svymean(~q03_years, dpodlasie_rake, na.rm = TRUE)",
                           svymean_q04_exporter = "svymean(~factor(q04_exporter), dpodlasie_rake, na.rm = TRUE)")))

json <- paste0("{\n", paste(paste0("  ", str(names(out)), ": ", unlist(out)), collapse = ",\n"), "\n}\n")
writeLines(json, "expected/weighting.json", sep = "")
