# R survey side of bench/change.sh: the link design of reference/waves/METHOD.md on two stacked
# waves, from the CSVs at rest to the printed numbers:
#   fread both waves, stack, derive link_stratum / link_fpc (the rules of waves_lib.R
#   link_columns(), reference/waves, written here for two waves and vectorised),
#   postStratify(svydesign(ids = ~firm_id, strata = ~link_stratum, fpc = ~link_fpc,
#                          weights = ~w_design), ~wave_stratum, pop),
#   svyglm(y ~ wavef - 1) + svycontrast (mean), svytotal(~y_w1 + y_w2) + svycontrast (total),
#   svyglm(I(c == k) ~ wavef - 1) + svycontrast for k = 1..5, svychisq(~cf + wavef) ("F"),
#   svymean(~y, L) (the waves pooled).
#
#   Rscript bench/change.R WAVE1.csv WAVE2.csv [VALUES.csv [K_FRAME1.csv K_FRAME2.csv]]
#
# With the two frames (columns k, population), each wave is post-stratified further to its own
# totals of k: postStratify(L, ~wave_k), as `ankieta weight --method poststratify --wave N` weights
# each wave and `ankieta change` then enters that calibration in the link design.
# Prints "R-TIME phase seconds" on stderr; with VALUES.csv writes the differences and SEs.
suppressPackageStartupMessages({
  library(survey)
  library(data.table)
})
args <- commandArgs(trailingOnly = TRUE)
values_out <- if (length(args) >= 3) args[3] else ""
setDTthreads(1L)
options(survey.lonely.psu = "fail", width = 160)
clock <- function() proc.time()[["elapsed"]]
phase <- function(name, start) cat(sprintf("R-TIME %s %.3f\n", name, clock() - start), file = stderr())

t0 <- clock()
w1 <- fread(args[1], colClasses = list(character = "firm_id"))
w2 <- fread(args[2], colClasses = list(character = "firm_id"))
phase("read_csv", t0)

t1 <- clock()
w1[, wave := 1L]
w2[, wave := 2L]
s <- rbind(w1, w2)
s[, n_h := .N, by = .(wave, stratum)]
s[, wave_stratum := paste0(wave, ":", stratum)]
# link columns (waves_lib.R link_columns() for two waves)
s[, in_all := uniqueN(wave) == 2L, by = firm_id]
s[, first_stratum := stratum[which.min(wave)], by = firm_id]
cnt <- unique(s[, .(wave, stratum, n_h, N_h = n_population)])
m <- s[in_all == TRUE & wave == 1L, .N, by = .(h = first_stratum)]
phi <- sapply(seq_len(nrow(m)), function(i) {
  h <- m$h[i]; nn <- as.numeric(cnt$n_h[cnt$stratum == h]); NN <- as.numeric(cnt$N_h[cnt$stratum == h])
  if (length(nn) < 2) return(1)
  gm_n <- if (all(nn == nn[1])) nn[1] else prod(nn)^(1 / 2)
  gm_N <- if (all(NN == NN[1])) NN[1] else prod(NN)^(1 / 2)
  min(1, gm_n^2 / (gm_N * as.numeric(m$N[i])))
})
names(phi) <- as.character(m$h)
s[, census := all(n_h >= n_population), by = firm_id]
s[, link_stratum := ifelse(in_all, as.character(first_stratum), ifelse(census, "partial-census", "partial"))]
s[, link_fpc := ifelse(link_stratum == "partial", 0, ifelse(link_stratum == "partial-census", 1, phi[link_stratum]))]
s[, wavef := factor(wave, levels = 1:2)]
s[, cf := factor(c, levels = 1:5)]
s[, y_w1 := ifelse(wave == 1L & !is.na(y), y, 0)]
s[, y_w2 := ifelse(wave == 2L & !is.na(y), y, 0)]
d <- as.data.frame(s)
pop <- unique(d[, c("wave_stratum", "n_population")])
names(pop) <- c("wave_stratum", "Freq")
L <- postStratify(svydesign(ids = ~firm_id, strata = ~link_stratum, fpc = ~link_fpc, weights = ~w_design, data = d),
                  ~wave_stratum, pop)
if (length(args) >= 5) {
  f1 <- read.csv(args[4]); f2 <- read.csv(args[5])
  pop_k <- data.frame(wave_k = c(paste0("1:", f1$k), paste0("2:", f2$k)), Freq = c(f1$population, f2$population))
  L <- update(L, wave_k = paste0(wave, ":", k))
  L <- postStratify(L, ~wave_k, pop_k)
}
phase("design", t1)

t2 <- clock()
out <- list()
g <- svyglm(y ~ wavef - 1, L)
out[["mean"]] <- svycontrast(g, c(-1, 1))
out[["total"]] <- svycontrast(svytotal(~y_w1 + y_w2, L), c(-1, 1))
for (level in 1:5) {  # not `k`: update() would read the data's column k
  L <- update(L, ck = as.numeric(c == level))
  out[[paste0("prop_", level)]] <- svycontrast(svyglm(ck ~ wavef - 1, L), c(-1, 1))
}
test <- svychisq(~cf + wavef, L, statistic = "F")
out[["pooled_mean"]] <- svymean(~y, L, na.rm = TRUE)  # both waves pooled (ankieta means y --wave 1,2)
phase("analysis", t2)
for (name in names(out)) print(out[[name]])
print(test)
phase("total", t0)
if (nzchar(values_out)) {
  v <- data.frame(name = names(out), estimate = sapply(out, function(x) unname(coef(x))),
                  se = sapply(out, function(x) unname(SE(x))))
  v <- rbind(v, data.frame(name = "rao_scott_f", estimate = unname(test$statistic), se = NA))
  write.csv(v, values_out, row.names = FALSE)
}
