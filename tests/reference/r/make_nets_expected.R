# Expected values of nets (issue 12): several answers of a scale taken together as one row of a
# frequency table and of a banner, estimated as their own domain share, from R survey.
#   expected/nets.json
# Data: data/top_box.csv (made by r/make_stats_expected.R from apiclus1: `rating` coded
# 1 = high ... 4 = not experienced, 9 = hard to say, a missing code outside the base; `tied`).
# and ../../data/sample.csv (the bundled sample) for a net of a multiple-response question.
# Run from tests/reference:  Rscript r/make_nets_expected.R
# R 4.2.2, survey 4.1.1 (Debian r-cran-survey 4.1-1-1).
suppressMessages(library(survey))
options(survey.lonely.psu = "fail")

num <- function(x) sapply(as.numeric(x), function(v) {
  if (is.na(v)) return("null")
  for (k in 15:17) { s <- formatC(v, digits = k, format = "g"); if (as.numeric(s) == v) break }; trimws(s) })
str <- function(s) paste0('"', gsub('"', '\\\\"', s), '"')

d <- read.csv("data/top_box.csv", colClasses = c(cds = "character"))
dd <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = d)
dd <- update(dd, net13 = as.numeric(rating %in% c(1, 3)), top_tied = as.numeric(tied %in% c(1, 2, 3)))
valid <- subset(dd, rating != 9)

share <- svymean(~net13, valid)
total <- svytotal(~net13, valid)
ci <- svyciprop(~I(net13 == 1), valid, method = "logit")
tied <- svymean(~top_tied, dd)
by_stype <- svyby(~net13, ~stype, valid, svymean)

# A net of a multiple-response question: the share of respondents (who answered the question)
# mentioning any of options 1 and 2 of q12 in the bundled sample, with the sample's design.
s <- read.csv("../../data/sample.csv")
s$stratum <- interaction(s$size_class, s$subregion)
ds <- svydesign(id = ~1, strata = ~stratum, weights = ~w_design, fpc = ~n_population, data = s)
ds <- update(ds, any12 = as.numeric(q12_prod_innov_types_1 == 1 | q12_prod_innov_types_2 == 1))
multi <- svymean(~any12, subset(ds, !is.na(q12_prod_innov_types_1)))
multi_by <- svyby(~any12, ~size_class, subset(ds, !is.na(q12_prod_innov_types_1)), svymean)

entry <- function(name, value) paste0('"', name, '": ', value)
out <- c(
  entry("design", str("svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = top_box.csv); base: subset(dd, rating != 9)")),
  entry("net13_prop", num(coef(share))), entry("net13_prop_se", num(SE(share))),
  entry("net13_total", num(coef(total))), entry("net13_total_se", num(SE(total))),
  entry("net13_ci", paste0("[", num(attr(ci, "ci")[1]), ", ", num(attr(ci, "ci")[2]), "]")),
  entry("multi_any12_design", str("svydesign(id = ~1, strata = ~interaction(size_class, subregion), weights = ~w_design, fpc = ~n_population, data = sample.csv); base: subset(ds, !is.na(q12_prod_innov_types_1))")),
  entry("multi_any12_prop", num(coef(multi))), entry("multi_any12_prop_se", num(SE(multi))),
  entry("multi_any12_by_size_class", paste0("{", paste0('"', multi_by$size_class, '": {"prop": ', num(multi_by$any12), ', "se": ',
                                                         num(multi_by$se), '}', collapse = ", "), "}")),
  entry("tied_top2_prop", num(coef(tied))), entry("tied_top2_prop_se", num(SE(tied))),
  entry("net13_by_stype", paste0("{", paste0('"', by_stype$stype, '": {"prop": ', num(by_stype$net13), ', "se": ', num(by_stype$se), '}',
                                             collapse = ", "), "}")))
writeLines(paste0("{", paste(out, collapse = ",\n "), "}"), "expected/nets.json")
