# NCHS proportion flags on Korn-Graubard intervals from R survey::svyciprop(method = "beta"), for
# tests/analysis/disclosure_test.cpp. Rule as CDCgov/surveytable R/z_lpe.R .lpe_percents.
# Run: Rscript tests/reference/r/make_nchs_expected.R
library(survey)
data(api)
dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)
cases <- list(c("E", "all"), c("H", "all"), c("M", "all"), c("E", "awards=No"), c("H", "awards=No"))
for (case in cases) {
  d <- if (case[2] == "all") dclus1 else subset(dclus1, awards == "No")
  f <- as.formula(sprintf("~I(stype == '%s')", case[1]))
  ci <- svyciprop(f, d, method = "beta")
  p <- as.numeric(coef(ci)); se <- as.numeric(SE(ci)); lim <- as.numeric(confint(ci))
  n_den <- nrow(d$variables); n_num <- sum(d$variables$stype == case[1])
  n_eff <- if (n_num == 0 || n_num == n_den) n_den else min(p * (1 - p) / se^2, n_den)
  width <- if (n_num == 0 || n_num == n_den) 0 else lim[2] - lim[1]
  flag <- if (n_eff < 30) "suppress" else if (width <= 0.05) "none" else if (width >= 0.30) "suppress" else
    if (width / p > 1.30) "suppress" else if (width / (1 - p) > 1.30) "complement" else "none"
  if (flag != "suppress" && (degf(d) < 8 || n_num == 0 || n_num == n_den)) flag <- "review"
  cat(sprintf("{%.17g, %.17g, %d, %d, %.17g, %.17g, %d, \"%s\"},  // stype %s, %s\n", p, se, n_num, n_den, lim[1], lim[2],
              degf(d), flag, case[1], case[2]))
}
