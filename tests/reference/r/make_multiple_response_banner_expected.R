# Expected shares for a multiple-response crosstab (a multi question by a column variable) of the
# bundled sample: per option and size class, the share of the class's respondents who answered
# the question that mention the option, with its SE, and one column difference with its SE.
# Run from tests/reference:  Rscript r/make_multiple_response_banner_expected.R
# R 4.2.2, survey 4.1.1 (Debian r-cran-survey 4.1-1-1). Reads ../../data/sample.csv, writes
# expected/multiple_response_banner.json.
suppressMessages(library(survey))
options(survey.lonely.psu = "fail")
s <- read.csv("../../data/sample.csv")
s$stratum <- interaction(s$size_class, s$subregion)
d <- svydesign(id = ~1, strata = ~stratum, weights = ~w_design, fpc = ~n_population, data = s)
items <- paste0("q12_prod_innov_types_", 1:6)
blocks <- c()
for (it in items) {
  b <- svyby(as.formula(paste0("~", it)), ~size_class, d, svymean, na.rm = TRUE)
  blocks <- c(blocks, sprintf('  "%s": {"call": "svyby(~%s, ~size_class, d, svymean, na.rm = TRUE)", "share": [%s], "se": [%s]}',
                              it, it, paste(sprintf("%.17g", coef(b)), collapse = ", "), paste(sprintf("%.17g", SE(b)), collapse = ", ")))
}
g <- svyglm(q12_prod_innov_types_1 ~ factor(size_class), subset(d, !is.na(q12_prod_innov_types_1)))
cf <- summary(g, df.resid = degf(d))$coefficients
writeLines(paste0('{"design": "svydesign(id = ~1, strata = ~interaction(size_class, subregion), weights = ~w_design, fpc = ~n_population, data = sample)",\n',
                  paste(blocks, collapse = ",\n"),
                  sprintf(',\n  "difference_item1_size4_minus_size1": {"call": "svyglm(q12_prod_innov_types_1 ~ factor(size_class), subset(d, !is.na(q12_prod_innov_types_1)))", "estimate": %.17g, "se": %.17g, "p": %.17g}\n}',
                          cf[4, 1], cf[4, 2], cf[4, 4])), "expected/multiple_response_banner.json")
