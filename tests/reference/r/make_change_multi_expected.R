# Reference values for `ankieta change` of a multiple-response question (tests/cli/change_test.cpp).
# Data: the waves 1-2 firm sample of tests/reference/waves/data with a made-up multi question
# q40_support (options 1-3, one 0/1 column each) derived deterministically from the answers, and
# blank for firms whose q07 is 9 (no answer to the question at all). The share of an option is
# the mean of its 0/1 item over the firms that answered the question (ankieta's base of a multi
# question), so in R the item is NA outside that base. Design L12 of reference/waves/METHOD.md.
#
#   Rscript tests/reference/r/make_change_multi_expected.R   (from the repository root)
#
# Writes tests/reference/data/waves_multi_w1.csv, waves_multi_w2.csv and
# tests/reference/expected/change_multi.json. R 4.2.2, survey 4.1.1.
suppressPackageStartupMessages(library(survey))
options(survey.lonely.psu = "fail", survey.ultimate.cluster = FALSE, digits = 17)
dir <- "tests/reference"
s12 <- read.csv(file.path(dir, "waves/data/shared_stacked_w12.csv"), stringsAsFactors = FALSE, na.strings = "")
make_items <- function(d) {
  base <- !(d$q07_financial %in% 9)
  m1 <- ifelse(is.na(d$q20_cooperation_2), 0, d$q20_cooperation_2)
  m2 <- as.numeric(d$q24_info_exchange %in% c(3, 4))
  m3 <- as.numeric(d$size_class >= 3 | (!is.na(d$q01_employees) & d$q01_employees %% 7 == 0))
  d$q40_support_1 <- ifelse(base, m1, NA)
  d$q40_support_2 <- ifelse(base, m2, NA)
  d$q40_support_3 <- ifelse(base, m3, NA)
  d
}
s12 <- make_items(s12)
for (t in 1:2) {
  w <- read.csv(file.path(dir, sprintf("waves/data/shared_wave%d.csv", t)), stringsAsFactors = FALSE, na.strings = "",
                colClasses = c(firm_id = "character"))
  w <- make_items(w)
  out <- w[, c("firm_id", "size_class", "subregion", "q40_support_1", "q40_support_2", "q40_support_3", "n_population", "w_design")]
  fmt <- function(x) ifelse(is.na(x), "", format(x, digits = 17, trim = TRUE, scientific = FALSE))
  for (nm in names(out)) if (is.numeric(out[[nm]])) out[[nm]] <- fmt(out[[nm]])
  write.csv(out, file.path(dir, sprintf("data/waves_multi_w%d.csv", t)), row.names = FALSE, quote = FALSE, na = "")
}
s12$wavef <- factor(s12$wave, levels = 1:2)
pop <- unique(s12[, c("wave_stratum", "n_population")]); names(pop) <- c("wave_stratum", "Freq")
L <- postStratify(svydesign(ids = ~firm_id, strata = ~link_stratum, fpc = ~link_fpc, weights = ~w_design, data = s12),
                  ~wave_stratum, pop)
num <- function(x) format(x, digits = 17)
items <- list()
for (k in 1:3) {
  v <- sprintf("q40_support_%d", k)
  g <- svyglm(as.formula(paste(v, "~ wavef - 1")), L)
  ct <- svycontrast(g, c(-1, 1))
  est <- unname(coef(ct)); se <- unname(SE(ct)); df <- degf(L)
  items[[k]] <- sprintf('{"option": "%d", "waves": [1, 2], "estimate": [%s, %s], "difference": %s, "se": %s, "df": %d, "p": %s}',
                        k, num(coef(g)[1]), num(coef(g)[2]), num(est), num(se), df, num(2 * pt(-abs(est / se), df)))
}
writeLines(c('{"source": "tests/reference/r/make_change_multi_expected.R (R 4.2.2, survey 4.1.1): svycontrast(svyglm(item ~ wavef - 1, L12), c(-1, 1)) over the firms that answered q40_support",',
             paste0(' "items": [', paste(items, collapse = ",\n  "), "]}")),
           file.path(dir, "expected/change_multi.json"))
