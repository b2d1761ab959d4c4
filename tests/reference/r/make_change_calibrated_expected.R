# Reference values for `ankieta change` when each wave is weighted by a calibration of its own
# (tests/cli/change_test.cpp): wave 1 raked to margins of size class and subregion, wave 2
# post-stratified to size class, both to made-up population figures that differ from the design's,
# so that the calibrations move the weights. The link design of reference/waves/METHOD.md (L12,
# post-stratified by wave x stratum) is calibrated further on each wave's rows as `ankieta weight`
# calibrated that wave: rake() on margins that put the other wave in a category of its own (its
# weights and residuals unchanged), then postStratify() likewise. svycontrast(svyglm(y ~ wavef - 1))
# gives the differences; svyby(svymean) on the waves alone the levels.
#
#   Rscript tests/reference/r/make_change_calibrated_expected.R   (from the repository root)
#
# Writes tests/reference/data/waves_cal_w1_margins.csv (ankieta weight --method rake),
# tests/reference/data/waves_cal_w2_size.csv (--method poststratify) and
# tests/reference/expected/change_calibrated.json. R 4.2.2, survey 4.1.1.
suppressPackageStartupMessages(library(survey))
options(survey.lonely.psu = "fail", survey.ultimate.cluster = FALSE, digits = 17)
dir <- "tests/reference"
s12 <- read.csv(file.path(dir, "waves/data/shared_stacked_w12.csv"), stringsAsFactors = FALSE, na.strings = "")
s12$wavef <- factor(s12$wave, levels = 1:2)
s12$q01_employees[s12$q01_employees %in% 99999] <- NA  # the missing code "odmowa"

# Population figures: each wave's stratum counts summed to the margins, then moved.
strata <- unique(s12[, c("wave", "size_class", "subregion", "n_population")])
size1 <- tapply(strata$n_population[strata$wave == 1], strata$size_class[strata$wave == 1], sum)
sub1 <- tapply(strata$n_population[strata$wave == 1], strata$subregion[strata$wave == 1], sum)
size1 <- round(size1 * c(1.08, 0.88, 1.1, 1))
sub1 <- round(sub1 * c(0.95, 1.1, 1))
sub1[3] <- sum(size1) - sum(sub1[1:2])
size2 <- tapply(strata$n_population[strata$wave == 2], strata$size_class[strata$wave == 2], sum)
size2 <- round(size2 * c(0.93, 1.12, 1.05, 1))
write.csv(rbind(data.frame(variable = "size_class", value = names(size1), population = as.vector(size1)),
                data.frame(variable = "subregion", value = names(sub1), population = as.vector(sub1))),
          file.path(dir, "data/waves_cal_w1_margins.csv"), row.names = FALSE, quote = FALSE)
write.csv(data.frame(size_class = names(size2), population = as.vector(size2)),
          file.path(dir, "data/waves_cal_w2_size.csv"), row.names = FALSE, quote = FALSE)

pop <- unique(s12[, c("wave_stratum", "n_population")]); names(pop) <- c("wave_stratum", "Freq")
L <- postStratify(svydesign(ids = ~firm_id, strata = ~link_stratum, fpc = ~link_fpc, weights = ~w_design, data = s12),
                  ~wave_stratum, pop)
# Wave 1 raked; the rows of wave 2 form one category of each margin with their own weight sum.
w2sum <- sum(weights(L)[s12$wave == 2])
L$variables$m_size <- ifelse(s12$wave == 1, paste0("s", s12$size_class), "w2")
L$variables$m_sub <- ifelse(s12$wave == 1, paste0("r", s12$subregion), "w2")
L <- rake(L, list(~m_size, ~m_sub),
          list(data.frame(m_size = c(paste0("s", names(size1)), "w2"), Freq = c(as.vector(size1), w2sum)),
               data.frame(m_sub = c(paste0("r", names(sub1)), "w2"), Freq = c(as.vector(sub1), w2sum))),
          control = list(maxit = 100, epsilon = 1e-12))
# Wave 2 post-stratified; the rows of wave 1 one post-stratum with their (raked) weight sum.
w1sum <- sum(weights(L)[s12$wave == 1])
L$variables$p_size <- ifelse(s12$wave == 2, paste0("s", s12$size_class), "w1")
L <- postStratify(L, ~p_size, data.frame(p_size = c(paste0("s", names(size2)), "w1"), Freq = c(as.vector(size2), w1sum)))

num <- function(x) format(x, digits = 17)
row <- function(label, formula) {
  g <- svyglm(formula, L)
  ct <- svycontrast(g, c(-1, 1))
  est <- unname(coef(ct)); se <- unname(SE(ct)); df <- degf(L)
  sprintf('{"row": "%s", "estimate": [%s, %s], "difference": %s, "se": %s, "df": %d}', label,
          num(coef(g)[1]), num(coef(g)[2]), num(est), num(se), df)
}
s12$q24_4 <- ifelse(is.na(s12$q24_info_exchange) | s12$q24_info_exchange == 98, NA, as.numeric(s12$q24_info_exchange == 4))
L$variables$q24_4 <- s12$q24_4
rows <- c(row("q01_employees mean", q01_employees ~ wavef - 1), row("q24_info_exchange 4 prop", q24_4 ~ wavef - 1))
writeLines(c('{"source": "tests/reference/r/make_change_calibrated_expected.R (R 4.2.2, survey 4.1.1): svycontrast(svyglm(y ~ wavef - 1, L12 raked on wave 1 and post-stratified on wave 2), c(-1, 1))",',
             paste0(' "rows": [', paste(rows, collapse = ",\n  "), "]}")),
           file.path(dir, "expected/change_calibrated.json"))
