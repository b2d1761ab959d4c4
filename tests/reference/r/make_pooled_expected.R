# Reference values for waves pooled deliberately (`ankieta freq|means --wave 1,2`,
# tests/cli/pooled_waves_test.cpp): the stacked waves 1 and 2 of tests/reference/waves/data, each
# row with its own wave's weight, on the link design L12 of reference/waves/METHOD.md (the firm as
# PSU across waves, link strata and fpc, post-strata wave x stratum): svymean and svytotal of
# q01_employees (its missing code 99999 left out) and svymean of the categories of q24_info_exchange
# among valid answers (98 "nie wiem" left out), as domain estimates of the full link design
# (na.rm = TRUE).
#
#   Rscript tests/reference/r/make_pooled_expected.R   (from the repository root)
#
# Writes tests/reference/expected/pooled_w12.json. R 4.2.2, survey 4.1.1.
suppressPackageStartupMessages(library(survey))
options(survey.lonely.psu = "fail", survey.ultimate.cluster = FALSE, digits = 17)
dir <- "tests/reference"
s12 <- read.csv(file.path(dir, "waves/data/shared_stacked_w12.csv"), stringsAsFactors = FALSE, na.strings = "")
s12$q01 <- ifelse(s12$q01_employees %in% 99999, NA, s12$q01_employees)
s12$q24 <- ifelse(s12$q24_info_exchange %in% 98, NA, s12$q24_info_exchange)
pop <- unique(s12[, c("wave_stratum", "n_population")]); names(pop) <- c("wave_stratum", "Freq")
L <- postStratify(svydesign(ids = ~firm_id, strata = ~link_stratum, fpc = ~link_fpc, weights = ~w_design, data = s12),
                  ~wave_stratum, pop)
num <- function(x) format(unname(x), digits = 17)
m <- svymean(~q01, L, na.rm = TRUE)
t <- svytotal(~q01, L, na.rm = TRUE)
L$variables$q24f <- factor(s12$q24, levels = 1:4)
p <- svymean(~q24f, L, na.rm = TRUE)
writeLines(c('{"source": "tests/reference/r/make_pooled_expected.R (R 4.2.2, survey 4.1.1): svymean/svytotal on the link design L12 of the stacked waves 1 and 2",',
             sprintf(' "df": %d, "psu": %d,', degf(L), length(unique(s12$firm_id))),
             sprintf(' "q01_employees": {"mean": %s, "mean_se": %s, "total": %s, "total_se": %s},', num(coef(m)), num(SE(m)), num(coef(t)), num(SE(t))),
             sprintf(' "q24_info_exchange": {"prop": [%s], "prop_se": [%s]}}', paste(num(coef(p)), collapse = ", "), paste(num(SE(p)), collapse = ", "))),
           file.path(dir, "expected/pooled_w12.json"))
