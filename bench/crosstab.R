# R survey side of bench/crosstab.sh: from the CSV at rest to the printed table.
#
#   Rscript bench/crosstab.R table   FILE.csv [VALUES.csv]   5 x 6 table: svyby(svymean) + svychisq
#   Rscript bench/crosstab.R domains FILE.csv [VALUES.csv]   svyby(~one, ~a+b+c, svytotal)
#   Rscript bench/crosstab.R derived FILE.csv                bench/derived.sh: the derived condition and
#                                                            bands computed in R, then the same table
#
# The design is the one of bench/crosstab-survey.yaml: strata region, clusters school (nested in
# strata), weights w, with-replacement first stage (no fpc) -- what ankieta uses for that definition.
# Blank answers are NA; as in ankieta, they stay in the design and are left out of the table
# (a domain of the full design, never dropped rows).
#
# Prints the time of each phase on stderr ("R-TIME phase seconds") so that the script can report
# R's analysis part apart from reading the CSV. With VALUES.csv, writes the estimates with full
# precision (untimed, after the table is printed) for the comparison with ankieta.
suppressPackageStartupMessages({
  library(survey)
  library(data.table)
})
args <- commandArgs(trailingOnly = TRUE)
mode <- args[1]
csv <- args[2]
values_out <- if (length(args) >= 3) args[3] else ""
setDTthreads(1L)  # one thread, as ankieta uses
options(survey.lonely.psu = "fail", width = 160)

clock <- function() proc.time()[["elapsed"]]
phase <- function(name, start) {
  cat(sprintf("R-TIME %s %.3f\n", name, clock() - start), file = stderr())
}

t0 <- clock()
d <- as.data.frame(fread(csv, colClasses = list(character = "pupil_id")))
phase("read_csv", t0)

t1 <- clock()
des <- svydesign(ids = ~school, strata = ~region, weights = ~w, data = d, nest = TRUE)

if (mode == "table") {
  des <- update(des, row = factor(row), col = factor(col))
  # Rows with a blank row or column answer: outside the table's domain, still in the design.
  valid <- subset(des, !is.na(row) & !is.na(col))
  # Column percentages with an SE for every cell (ankieta's col_prop and col_prop_se).
  by_col <- svyby(~row, ~col, valid, svymean)
  # Rao-Scott second-order F (svychisq's default statistic "F").
  test <- svychisq(~row + col, valid)
  phase("analysis", t1)
  print(by_col)
  print(test)
  phase("total", t0)
  if (nzchar(values_out)) {
    est <- coef(by_col)
    se <- as.vector(as.matrix(SE(by_col)))  # column-major: the order of coef()
    # names are like "1:row3" (column level 1, row level 3)
    parts <- do.call(rbind, strsplit(names(est), ":row", fixed = TRUE))
    out <- data.frame(kind = "col_prop", row = parts[, 2], col = parts[, 1],
                      estimate = unname(est), se = unname(se))
    out <- rbind(out, data.frame(kind = "rao_scott_f", row = "", col = "",
                                 estimate = unname(test$statistic), se = NA))
    out <- rbind(out, data.frame(kind = "rao_scott_df1", row = "", col = "",
                                 estimate = unname(test$parameter[1]), se = NA))
    out <- rbind(out, data.frame(kind = "rao_scott_df2", row = "", col = "",
                                 estimate = unname(test$parameter[2]), se = NA))
    fwrite(out, values_out)
  }
} else if (mode == "domains") {
  # Three grouping variables recovered from the bench questionnaire's combination question:
  # a = (combo - 1) div 20, b = (combo - 1) mod 20, c = grp; `one` counts respondents.
  des <- update(des, a = (combo - 1) %/% 20, b = (combo - 1) %% 20, c = grp, one = 1)
  # Weighted count of every observed (a, b, c) domain with its SE; rows whose a, b or c is blank
  # belong to no domain but stay in the design (na.rm.by).
  tot <- svyby(~one, ~a + b + c, des, svytotal, na.rm.by = TRUE)
  phase("analysis", t1)
  print(tot)
  phase("total", t0)
  if (nzchar(values_out)) {
    out <- data.frame(kind = "total", row = tot$a * 20 + tot$b + 1, col = tot$c,
                      estimate = tot$one, se = as.vector(as.matrix(SE(tot))))
    fwrite(out, values_out)
  }
} else if (mode == "derived") {
  # bench/derived.sh's derived variables, as R computes them: the condition (three-valued: a blank
  # that cannot decide it gives NA, as in ankieta) and the bands closed on the left.
  des <- update(des, content = factor(ifelse(row >= 4 | col >= 5, 1, 0)),
                school_band = cut(school, c(-Inf, 1000, 5000, 20000, 50000, 100000, Inf), right = FALSE))
  valid <- subset(des, !is.na(content) & !is.na(school_band))
  by_band <- svyby(~content, ~school_band, valid, svymean)
  test <- svychisq(~content + school_band, valid)
  phase("analysis", t1)
  print(by_band)
  print(test)
  phase("total", t0)
} else {
  stop("mode must be 'table', 'domains' or 'derived'")
}
