# Expected values for a crosstab of more than 400 degrees of freedom (ankieta leaves out the
# design-based tests of independence there but gives every cell and the classic tests).
# Run from tests/reference:  Rscript r/make_large_table_expected.R
# R 4.2.2, survey 4.1.1 (Debian r-cran-survey 4.1-1-1). Writes data/apistrat_large.csv (apistrat
# with a = snum %% 101 + 1, 101 categories, and b = dnum %% 6 + 1, 6 categories) and
# expected/large_table.json: for the stratified design (strata stype, weights pw, fpc fpc), the
# total and column proportion (share of column b) of every observed (a, b) cell with SEs, and
# Pearson's X^2 on the unweighted counts of the observed rows and columns.
suppressMessages(library(survey))
options(survey.lonely.psu = "fail")
data(api)
d <- apistrat
d$a <- d$snum %% 101 + 1
d$b <- d$dnum %% 6 + 1
write.csv(d[, c("cds", "stype", "pw", "fpc", "a", "b")], "data/apistrat_large.csv", row.names = FALSE)
des <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = d)
des <- update(des, one = 1, af = factor(a))

num <- function(x) sapply(as.numeric(x), function(v) { for (k in 15:17) { s <- formatC(v, digits = k, format = "g"); if (as.numeric(s) == v) break }; s })
arr <- function(x) paste0("[", paste(num(x), collapse = ", "), "]")

tot <- svyby(~one, ~a + b, des, svytotal)
cp <- svyby(~af, ~b, des, svymean)
levels_a <- levels(des$variables$af)
cells <- c()
for (i in seq_len(nrow(tot))) {
  a <- tot$a[i]; b <- tot$b[i]
  k <- which(levels_a == as.character(a))
  row <- which(cp$b == b)
  cells <- c(cells, sprintf('{"a": %d, "b": %d, "total": %s, "total_se": %s, "col_prop": %s, "col_prop_se": %s}',
                            a, b, num(tot$one[i]), num(unlist(SE(tot))[i]),
                            num(coef(cp)[row + nrow(cp) * (k - 1)]), num(unlist(SE(cp))[row + nrow(cp) * (k - 1)])))
}
x2 <- suppressWarnings(chisq.test(table(d$a, d$b), correct = FALSE))
json <- paste0('{"calls": ["svyby(~one, ~a + b, des, svytotal)", "svyby(~factor(a), ~b, des, svymean)", ',
               '"chisq.test(table(a, b), correct = FALSE)"],\n "observed_rows": ', length(unique(d$a)),
               ', "observed_cols": ', length(unique(d$b)),
               ',\n "pearson": {"statistic": ', num(x2$statistic), ', "df": ', num(x2$parameter), ', "p": ', num(x2$p.value), '},\n',
               ' "cells": [\n  ', paste(cells, collapse = ",\n  "), "\n ]}\n")
writeLines(json, "expected/large_table.json")
