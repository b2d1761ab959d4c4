# Expected cross-tabulations of calibrated designs, whose standard errors come from calibration
# residuals (R svyrecvar's postStrata): every cell's total, cell, row and column proportion with
# SEs, and svychisq F and Wald.
# Run from tests/reference:  Rscript r/make_crosstab_weighted_expected.R
# R 4.2.2, survey 4.1.1 (Debian r-cran-survey 4.1-1-1). Writes expected/crosstab_weighted.json.
# Rows and columns are numbered from 0 in R's level order.
suppressMessages(library(survey))
options(survey.lonely.psu = "fail")
data(api)
dclus1 <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)
dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat)
pop.types <- table(stype = apipop$stype)
pop.schwide <- table(sch.wide = apipop$sch.wide)
pop.awards <- table(awards = apipop$awards)

num <- function(x) sapply(as.numeric(x), function(v) { for (k in 15:17) { s <- formatC(v, digits = k, format = "g"); if (as.numeric(s) == v) break }; trimws(s) })

table_block <- function(call, des, row, col) {
  f <- function(s) as.formula(paste0("~", s))
  rl <- levels(factor(des$variables[[row]])); cl <- levels(factor(des$variables[[col]]))
  des <- update(des, cell = interaction(factor(des$variables[[row]]), factor(des$variables[[col]])))
  tot <- svytotal(~cell, des)
  pr <- svymean(~cell, des)
  colp <- svyby(f(row), f(col), des, svymean)   # row variable's distribution in each column
  rowp <- svyby(f(col), f(row), des, svymean)   # column variable's distribution in each row
  cells <- c()
  for (j in seq_along(cl)) for (i in seq_along(rl)) {
    k <- i + length(rl) * (j - 1)
    cells <- c(cells, sprintf(paste0('{"row": %d, "col": %d, "total": %s, "total_se": %s, "prop": %s, "prop_se": %s, ',
                                     '"row_prop": %s, "row_prop_se": %s, "col_prop": %s, "col_prop_se": %s}'),
      i - 1, j - 1, num(coef(tot)[k]), num(SE(tot)[k]), num(coef(pr)[k]), num(SE(pr)[k]),
      num(coef(rowp)[i + length(rl) * (j - 1)]), num(unlist(SE(rowp))[i + length(rl) * (j - 1)]),
      num(coef(colp)[j + length(cl) * (i - 1)]), num(unlist(SE(colp))[j + length(cl) * (i - 1)])))
  }
  ff <- as.formula(paste0("~", row, "+", col))
  F <- svychisq(ff, des, statistic = "F")
  W <- svychisq(ff, des, statistic = "Wald")
  paste0('{"call": "', call, '", "row": "', row, '", "col": "', col, '",\n  "cells": [\n   ',
         paste(cells, collapse = ",\n   "), '],\n  "F": {"statistic": ', num(F$statistic), ', "df1": ',
         num(F$parameter[1]), ', "df2": ', num(F$parameter[2]), ', "p": ', num(F$p.value), '},\n',
         '  "Wald": {"statistic": ', num(W$statistic), ', "df1": ', num(W$parameter[1]), ', "df2": ',
         num(W$parameter[2]), ', "p": ', num(W$p.value), '}}')
}

ps <- postStratify(dclus1, ~stype, pop.types)
rk <- rake(dstrat, list(~sch.wide, ~awards), list(pop.schwide, pop.awards),
           control = list(maxit = 100, epsilon = 1e-12))
json <- paste0('{"poststratified": ', table_block("postStratify(dclus1, ~stype, pop.types); sch.wide by stype", ps, "sch.wide", "stype"),
               ',\n "raked": ', table_block("rake(dstrat, list(~sch.wide, ~awards), ..., epsilon = 1e-12); awards by sch.wide", rk, "awards", "sch.wide"),
               '}\n')
writeLines(json, "expected/crosstab_weighted.json")
