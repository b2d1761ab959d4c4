# Expected values for three fixes of issue 9 (engineer "stats"), from R survey:
#  - expected/top_box.json: top-2 / bottom-2 boxes of scale items whose codes run against their
#    scores (svymean of the box indicator over the scored answers);
#  - expected/domain_df.json: the degrees of freedom R uses for a --where domain (a subset() of
#    the design), on plain and on calibrated (post-stratified, raked) designs, with svychisq's
#    statistics, svyciprop's interval and the column-proportion t test.
# Run from tests/reference:  Rscript r/make_stats_expected.R
# R 4.2.2, survey 4.1.1 (Debian r-cran-survey 4.1-1-1). Also writes data/top_box.csv.
suppressMessages(library(survey))
options(survey.lonely.psu = "fail")
data(api)

num <- function(x) sapply(as.numeric(x), function(v) {
  if (is.na(v)) return("null")
  for (k in 15:17) { s <- formatC(v, digits = k, format = "g"); if (as.numeric(s) == v) break }; trimws(s) })
str <- function(s) paste0('"', gsub('"', '\\\\"', s), '"')

# --- top box --------------------------------------------------------------------------------
# `rating`: 1 = high (score 3), 2 = medium (2), 3 = low (1), 4 = not experienced (0), 9 = hard to
# say (a missing code, not scored), from api00's quartiles so the shares are not symmetric.
# `tied`: 1 (score 2), 2 (1), 3 (1), 4 (0): the second-highest and second-lowest scores are tied.
d <- apiclus1[, c("cds", "dnum", "pw", "fpc", "api00", "stype")]
q <- cut(d$api00, quantile(d$api00, c(0, 0.2, 0.55, 0.8, 1)), include.lowest = TRUE, labels = FALSE)
d$rating <- c(4, 3, 2, 1)[q]
d$rating[seq(7, nrow(d), by = 23)] <- 9
d$tied <- c(4, 3, 2, 1)[q]
write.csv(d, "data/top_box.csv", row.names = FALSE, quote = FALSE)
d <- read.csv("data/top_box.csv", colClasses = c(cds = "character"))  # the values ankieta reads
dd <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = d)
score_rating <- c(3, 2, 1, 0); score_tied <- c(2, 1, 1, 0)
box <- function(call) { e <- eval(parse(text = call)); paste0('{"call": ', str(call), ', "estimate": ', num(coef(e)), ', "se": ', num(SE(e)), '}') }
tb <- c(
  rating_top2 = 'svymean(~as.numeric(rating %in% c(1, 2)), subset(dd, rating != 9))',
  rating_bottom2 = 'svymean(~as.numeric(rating %in% c(3, 4)), subset(dd, rating != 9))',
  tied_top2 = 'svymean(~as.numeric(tied %in% c(1, 2, 3)), dd)',
  tied_bottom2 = 'svymean(~as.numeric(tied %in% c(2, 3, 4)), dd)',
  rating_top2_H = 'svymean(~as.numeric(rating %in% c(1, 2)), subset(dd, rating != 9 & stype == "H"))',
  rating_mean = 'svymean(~I(c(3, 2, 1, 0)[rating]), subset(dd, rating != 9))')
out <- paste0('{"design": ', str('svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = top_box.csv)'), ',\n',
              paste0(' "', names(tb), '": ', sapply(tb, box), collapse = ',\n'), '}\n')
writeLines(out, "expected/top_box.json", sep = "")

# --- domain degrees of freedom ---------------------------------------------------------------
dclus1 <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)
dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat)
pop.types <- data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))
pop.schwide <- data.frame(sch.wide = c("No", "Yes"), Freq = c(1460, 4734))
designs <- list(
  dclus1 = list(call = "dclus1", des = dclus1),
  dstrat = list(call = "dstrat", des = dstrat),
  dclus1_ps = list(call = "postStratify(dclus1, ~stype, pop.types)", des = postStratify(dclus1, ~stype, pop.types)),
  dclus1_rake = list(call = "rake(dclus1, list(~stype, ~sch.wide), list(pop.types, pop.schwide), control = list(maxit = 100, epsilon = 1e-12))",
                     des = rake(dclus1, list(~stype, ~sch.wide), list(pop.types, pop.schwide),
                                control = list(maxit = 100, epsilon = 1e-12, verbose = FALSE))))
block <- function(name, spec) {
  s <- subset(spec$des, enroll > 500)
  f <- svychisq(~comp.imp + awards, s, statistic = "F")
  ch <- svychisq(~comp.imp + awards, s, statistic = "Chisq")
  w <- svychisq(~comp.imp + awards, s, statistic = "Wald")
  aw <- svychisq(~comp.imp + awards, s, statistic = "adjWald")
  ci <- attr(svyciprop(~I(comp.imp == "Yes"), s, method = "logit"), "ci")
  m <- svymean(~api00, s)
  mci <- confint(m, df = degf(s))
  # Domain means as ratios over the full design (svyby(covmat = TRUE) fails on a subset of a
  # calibrated design in survey 4.1.1): n_g / d_g with n_g = y 1{g, domain}, d_g = 1{g, domain}.
  full <- update(spec$des, dom = enroll > 500, y = as.numeric(comp.imp == "Yes"),
                 n_no = y * dom * (awards == "No"), d_no = as.numeric(dom * (awards == "No")),
                 n_yes = y * dom * (awards == "Yes"), d_yes = as.numeric(dom * (awards == "Yes")))
  r <- svyratio(~n_no + n_yes, ~d_no + d_yes, full, covmat = TRUE)
  diff <- svycontrast(r, c(-1, 0, 0, 1))   # n_yes/d_yes - n_no/d_no
  t <- coef(diff) / SE(diff)
  paste0(' "', name, '": {"call": ', str(paste0('subset(', spec$call, ', enroll > 500)')), ',\n',
         '  "degf": ', num(degf(s)), ', "design_degf": ', num(degf(spec$des)), ',\n',
         '  "F": {"statistic": ', num(f$statistic), ', "df1": ', num(f$parameter[1]), ', "df2": ', num(f$parameter[2]), ', "p": ', num(f$p.value), '},\n',
         '  "Chisq": {"statistic": ', num(ch$statistic), ', "df": ', num(ch$parameter[1]), ', "p": ', num(ch$p.value), '},\n',
         '  "Wald": {"statistic": ', num(w$statistic), ', "df1": ', num(w$parameter[1]), ', "df2": ', num(w$parameter[2]), ', "p": ', num(w$p.value), '},\n',
         '  "adjWald": {"statistic": ', num(aw$statistic), ', "df1": ', num(aw$parameter[1]), ', "df2": ', num(aw$parameter[2]), ', "p": ', num(aw$p.value), '},\n',
         '  "comp_imp_yes_ci": {"call": "svyciprop(~I(comp.imp == \\"Yes\\"), s, method = \\"logit\\")", "lower": ', num(ci[1]), ', "upper": ', num(ci[2]), '},\n',
         '  "api00": {"call": "confint(svymean(~api00, s), df = degf(s))", "mean": ', num(coef(m)), ', "se": ', num(SE(m)), ', "lower": ', num(mci[1]), ', "upper": ', num(mci[2]), '},\n',
         '  "awards_difference": {"call": "share of comp.imp Yes, awards Yes minus No: svycontrast of svyratio domain means with covmat = TRUE; p = 2 pt(-|t|, degf(s))", ',
         '"difference": ', num(coef(diff)), ', "se": ', num(SE(diff)), ', "p": ', num(2 * pt(-abs(t), degf(s))), '}}')
}
out <- paste0('{"where": "enroll > 500", "table": "svychisq(~comp.imp + awards, s)",\n',
              paste(mapply(block, names(designs), designs), collapse = ',\n'), '}\n')
writeLines(out, "expected/domain_df.json", sep = "")
