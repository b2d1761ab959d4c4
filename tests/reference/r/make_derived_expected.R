# Derived variables (tests/cli/derived_test.cpp) against R survey on the API samples: a 0/1 from
# two conditions, a recode into fewer categories, bands of a numeric (cut), a computed number's
# mean and a crosstab with a derived banner (Rao-Scott F). Writes tests/reference/expected/derived.json.
# Run: Rscript tests/reference/r/make_derived_expected.R
library(survey)
data(api)
designs <- list(
  dstrat = svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc),
  dclus1 = svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc))
num <- function(x) sprintf("%.17g", x)
out <- c()
for (name in names(designs)) {
  d <- designs[[name]]
  d <- update(d,
    innovator = as.numeric(awards == "Yes" | yr.rnd == "Yes"),
    level = factor(ifelse(stype == "H", "2", "1")),
    size_band = cut(enroll, c(0, 300, 600, Inf), right = FALSE, labels = c("1", "2", "3")),
    per_pupil = api00 / enroll)
  m_inn <- svymean(~innovator, d)
  m_level <- svymean(~level, d)
  m_band <- svymean(~size_band, d)
  m_pp <- svymean(~per_pupil, d)
  chi <- svychisq(~stype + size_band, d, statistic = "F")
  out <- c(out, sprintf(paste0('"%s": {"innovator": [%s, %s], "level": [%s, %s, %s, %s], ',
                               '"size_band": [%s, %s, %s, %s, %s, %s], "per_pupil": [%s, %s], ',
                               '"rao_scott_f": [%s, %s, %s, %s]}'),
    name, num(coef(m_inn)), num(SE(m_inn)),
    num(coef(m_level)[1]), num(SE(m_level)[1]), num(coef(m_level)[2]), num(SE(m_level)[2]),
    num(coef(m_band)[1]), num(SE(m_band)[1]), num(coef(m_band)[2]), num(SE(m_band)[2]),
    num(coef(m_band)[3]), num(SE(m_band)[3]),
    num(coef(m_pp)), num(SE(m_pp)),
    num(chi$statistic), num(chi$parameter[1]), num(chi$parameter[2]), num(chi$p.value)))
}
writeLines(paste0("{\n  ", paste(out, collapse = ",\n  "), "\n}"), "tests/reference/expected/derived.json")
