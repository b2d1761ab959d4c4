# Expected values for crosstabs with many cells: more than 400 degrees of freedom (ankieta leaves
# out the design-based tests of independence there but gives every cell and the classic tests),
# and 300 cells with the tests (more cells than ankieta hands to the design at once).
# Run from tests/reference:  Rscript r/make_large_table_expected.R
# R 4.2.2, survey 4.1.1 (Debian r-cran-survey 4.1-1-1). Writes
#   data/apistrat_large.csv   apistrat's cds, stype, pw, fpc with a = snum %% 101 + 1 (101
#                             categories) and b = dnum %% 6 + 1 (6)
#   data/synthetic_large.csv  3,000 made-up respondents: 10 strata of 40 clusters, unequal
#                             weights, a (100 categories) associated with b (3)
#   expected/large_table.json for a by b on apistrat (strata stype, weights pw, fpc fpc; 425 df)
#                             and a by b on the synthetic design (strata, clusters, weights;
#                             198 df): every observed cell's total and column proportion with SEs,
#                             Pearson's X^2 on the counts, and for the second svychisq F and Wald.
suppressMessages(library(survey))
options(survey.lonely.psu = "fail")
data(api)

num <- function(x) sapply(as.numeric(x), function(v) { for (k in 15:17) { s <- formatC(v, digits = k, format = "g"); if (as.numeric(s) == v) break }; trimws(s) })

table_json <- function(des, d, tests) {
  des <- update(des, one = 1, af = factor(a))
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
  extra <- ""
  if (tests) {
    F <- svychisq(~a + b, des, statistic = "F")
    W <- svychisq(~a + b, des, statistic = "Wald")
    extra <- paste0(',\n  "F": {"statistic": ', num(F$statistic), ', "df1": ', num(F$parameter[1]), ', "df2": ', num(F$parameter[2]),
                    ', "p": ', num(F$p.value), '},\n  "Wald": {"statistic": ', num(W$statistic), ', "df1": ', num(W$parameter[1]),
                    ', "df2": ', num(W$parameter[2]), ', "p": ', num(W$p.value), '}')
  }
  paste0('{"observed_rows": ', length(unique(d$a)), ', "observed_cols": ', length(unique(d$b)),
         ',\n  "pearson": {"statistic": ', num(x2$statistic), ', "df": ', num(x2$parameter), ', "p": ', num(x2$p.value), '}', extra,
         ',\n  "cells": [\n   ', paste(cells, collapse = ",\n   "), "\n  ]}")
}

api <- apistrat
api$a <- api$snum %% 101 + 1
api$b <- api$dnum %% 6 + 1
write.csv(api[, c("cds", "stype", "pw", "fpc", "a", "b")], "data/apistrat_large.csv", row.names = FALSE)
dapi <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = api)

set.seed(2026)
n <- 3000
syn <- data.frame(id = sprintf("R%04d", 1:n), stratum = rep(1:10, each = n / 10))
syn$cluster <- (syn$stratum - 1) * 40 + sample(1:40, n, replace = TRUE)
syn$w <- round(runif(n, 5, 25) * (1 + syn$stratum / 10), 4)
syn$b <- sample(1:3, n, replace = TRUE)
syn$a <- pmin(100, pmax(1, round(runif(n, 1, 100) + 8 * (syn$b - 2))))
write.csv(syn[, c("id", "stratum", "cluster", "w", "a", "b")], "data/synthetic_large.csv", row.names = FALSE)
dsyn <- svydesign(id = ~cluster, strata = ~stratum, weights = ~w, data = syn, nest = TRUE)

writeLines(paste0('{"apistrat_a_by_b": ', table_json(dapi, api, FALSE),
                  ',\n "synthetic_a_by_b": ', table_json(dsyn, syn, TRUE), '}\n'), "expected/large_table.json")
