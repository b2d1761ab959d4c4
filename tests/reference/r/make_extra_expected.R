# Extra expected values for ankieta's analysis tests, beyond /work/shared/reference.
# Run from tests/reference:  Rscript r/make_extra_expected.R
# R 4.2.2, survey 4.1.1 (Debian r-cran-survey 4.1-1-1). Writes expected/extra.json and
# data/apiclus2.csv, data/lonely.csv. Every value is stored next to the R call that produced it.
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
stat <- function(call, x) obj(call = str(call), estimate = arr(coef(x)), se = arr(SE(x)), vcov = mat(vcov(x)))
ev <- function(call) eval(parse(text = call))

out <- list()

# --- domains: subset() keeps the design; dropping rows first does not -----------------------
dclus1 <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)
c1 <- 'svymean(~api00, subset(dclus1, stype == "H"), deff = TRUE)'
c2 <- 'svytotal(~enroll, subset(dclus1, stype == "H"))'
c3 <- 'svymean(~api00, svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1[apiclus1$stype == "H", ]))'
c4 <- 'svyquantile(~api00, subset(dclus1, stype == "M"), quantiles = c(0.25, 0.5))'
c5 <- 'degf(subset(dclus1, stype == "M"))'
q <- ev(c4)$api00
m1 <- ev(c1)
out$domain <- obj(
  mean_in_subset = paste0(substr(stat(c1, m1), 1, nchar(stat(c1, m1)) - 1), ", \"deff\": ", arr(deff(m1)), "}"),
  total_in_subset = stat(c2, ev(c2)),
  mean_after_dropping_rows = stat(c3, ev(c3)),
  quantile_in_subset = obj(call = str(c4), estimate = arr(q[, 1]), ci_lower = arr(q[, 2]), ci_upper = arr(q[, 3]), se = arr(q[, 4])),
  degf_subset = obj(call = str(c5), value = num(ev(c5))))

# --- means by group: differences and the Wald test from svyglm (same linearization) ----------
c6 <- 'svyglm(api00 ~ stype, dclus1)'
g <- ev(c6)
c7 <- 'regTermTest(svyglm(api00 ~ stype, dclus1), ~stype, df = degf(dclus1))'
rt <- ev(c7)
c8 <- 'svyglm(api00 ~ stype - 1, dclus1)'
g0 <- ev(c8)
out$means_by <- obj(
  group_means = obj(call = str(c8), names = paste0("[", paste(str(names(coef(g0))), collapse = ", "), "]"),
                    estimate = arr(coef(g0)), vcov = mat(vcov(g0))),
  differences_from_E = obj(call = str(c6), names = paste0("[", paste(str(names(coef(g))), collapse = ", "), "]"),
                           estimate = arr(coef(g)), se = arr(SE(g)),
                           p_t_degf = arr(2 * pt(-abs(coef(g) / SE(g)), degf(dclus1)))),
  wald = obj(call = str(c7), F = num(rt$Ftest), df = num(rt$df), ddf = num(rt$ddf), p = num(rt$p)))

# --- column proportion tests: linear probability model = difference of domain proportions ----
c9 <- 'svyglm(I(sch.wide == "Yes") ~ stype, dclus1)'
lp <- ev(c9)
out$column_tests <- obj(call = str(c9), names = paste0("[", paste(str(names(coef(lp))), collapse = ", "), "]"),
                        estimate = arr(coef(lp)), se = arr(SE(lp)),
                        p_t_degf = arr(2 * pt(-abs(coef(lp) / SE(lp)), degf(dclus1))))

# --- two-stage design with fpc at both stages (survey.ultimate.cluster = FALSE) -------------
write.csv(apiclus2[, c("snum", "dnum", "stype", "sch.wide", "api00", "enroll", "pw", "fpc1", "fpc2")],
          "data/apiclus2.csv", row.names = FALSE, na = "")
dclus2 <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)
c10 <- 'svymean(~api00, dclus2, deff = TRUE)'
c11 <- 'svytotal(~enroll, dclus2, na.rm = TRUE)'
c12 <- 'svymean(~sch.wide, dclus2)'
c13 <- 'svymean(~api00, svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2), deff = TRUE)'
dclus2w <- svydesign(id = ~dnum + snum, weights = ~pw, data = apiclus2)
c14 <- 'svymean(~api00, dclus2w)'
out$multistage <- obj(design = str("svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)"),
                      degf = num(degf(dclus2)),
                      mean_api00 = stat(c10, ev(c10)), total_enroll = stat(c11, ev(c11)),
                      mean_sch_wide = stat(c12, ev(c12)),
                      with_replacement_design = str("svydesign(id = ~dnum + snum, weights = ~pw, data = apiclus2)"),
                      mean_api00_with_replacement = stat(c14, ev(c14)))

# --- lonely PSUs: stratum B has a single PSU -------------------------------------------------
lonely <- data.frame(stratum = c("A", "A", "A", "A", "B", "B", "C", "C", "C", "C", "C"),
                     psu = c(1, 1, 2, 2, 3, 3, 4, 5, 5, 6, 6),
                     w = c(10, 10, 12, 12, 5, 5, 8, 8, 8, 9, 9),
                     y = c(3.5, 4.1, 2.2, 5.0, 7.3, 6.1, 1.9, 2.8, 3.3, 4.4, 5.2),
                     g = c(1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0))
write.csv(lonely, "data/lonely.csv", row.names = FALSE)
dl <- svydesign(id = ~psu, strata = ~stratum, weights = ~w, data = lonely)
fail_msg <- tryCatch({ svymean(~y, dl); "no error" }, error = function(e) conditionMessage(e))
res <- c()
for (policy in c("remove", "adjust", "certainty", "average")) {
  options(survey.lonely.psu = policy)
  m <- svymean(~y, dl); t <- svytotal(~y, dl)
  md <- svymean(~y, subset(dl, g == 1))
  mda <- svymean(~y, subset(dl, stratum != "B"))
  res[policy] <- obj(mean = num(coef(m)), mean_se = num(SE(m)), total = num(coef(t)), total_se = num(SE(t)),
                     domain_g1_mean = num(coef(md)), domain_g1_se = num(SE(md)),
                     domain_not_B_se = num(SE(mda)))
}
options(survey.lonely.psu = "fail")
out$lonely <- paste0("{\"design\": ", str("svydesign(id = ~psu, strata = ~stratum, weights = ~w, data = lonely)"),
                     ", \"calls\": ", str("options(survey.lonely.psu = policy); svymean(~y, dl); svytotal(~y, dl); svymean(~y, subset(dl, g == 1)); svymean(~y, subset(dl, stratum != 'B'))"),
                     ", \"fail_message\": ", str(fail_msg), ", ",
                     paste(paste0(str(names(res)), ": ", res), collapse = ", "), "}")

# --- equal weights, no clusters: the unweighted formulas ---------------------------------------
du <- svydesign(id = ~1, weights = ~rep(1, 200), data = apisrs)
c15 <- 'svymean(~sch.wide, du, deff = TRUE)'
c16 <- 'svymean(~api00, du)'
mu <- ev(c15)
out$equal_weights <- obj(design = str("svydesign(id = ~1, weights = ~rep(1, 200), data = apisrs)"),
                         mean_sch_wide = paste0(substr(stat(c15, mu), 1, nchar(stat(c15, mu)) - 1), ", \"deff\": ", arr(deff(mu)), "}"),
                         mean_api00 = stat(c16, ev(c16)),
                         chisq_F = obj(call = str('svychisq(~sch.wide + stype, du)'),
                                       statistic = num(svychisq(~sch.wide + stype, du)$statistic),
                                       parameter = arr(svychisq(~sch.wide + stype, du)$parameter),
                                       p = num(svychisq(~sch.wide + stype, du)$p.value)),
                         pearson = obj(call = str('chisq.test(table(apisrs$sch.wide, apisrs$stype), correct = FALSE)'),
                                       statistic = num(chisq.test(table(apisrs$sch.wide, apisrs$stype), correct = FALSE)$statistic),
                                       p = num(chisq.test(table(apisrs$sch.wide, apisrs$stype), correct = FALSE)$p.value)))

# --- a table with an empty cell: no "Yes" for awards among H in this subset -------------------
ec <- apistrat; ec$awards[ec$stype == "H"] <- "No"
dec <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = ec)
chi <- function(s) { r <- svychisq(~awards + stype, dec, statistic = s); obj(statistic = num(r$statistic), parameter = arr(r$parameter), p = num(r$p.value)) }
c17 <- 'svymean(~interaction(awards, stype), dec)'
out$empty_cell <- obj(data = str('ec <- apistrat; ec$awards[ec$stype == "H"] <- "No"'),
                      design = str('svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = ec)'),
                      cell_proportions = stat(c17, ev(c17)),
                      F = chi("F"), Chisq = chi("Chisq"), Wald = chi("Wald"))

# --- ratio ------------------------------------------------------------------------------------
c18 <- 'svyratio(~api00, ~api99, dclus1)'
r18 <- ev(c18)
c19 <- 'svyratio(~api00, ~api99, subset(dclus1, stype == "E"))'
r19 <- ev(c19)
c20 <- 'svymean(~api00, dclus2, deff = TRUE)'
out$ratio <- obj(whole = obj(call = str(c18), ratio = num(coef(r18)), se = num(SE(r18))),
                 domain = obj(call = str(c19), ratio = num(coef(r19)), se = num(SE(r19))),
                 multistage_mean_deff = obj(call = str(c20), deff = num(deff(ev(c20)))))

writeLines(paste0("{", paste(paste0(str(names(out)), ": ", unlist(out)), collapse = ",\n"), "}"),
           "expected/extra.json")
