// The one catalogue of the program's fixed output texts: English is the key, Polish the value,
// with the Polish plural forms of the nouns that follow a count. Every table, note and report
// heading in Polish comes from here (word()), so a text missing here shows up in English and is
// caught by the test that scans the --lang pl output of every command.
#include <map>
#include <string_view>

#include <fmt/format.h>

#include "ankieta/report/translate.hpp"

namespace ankieta::report {
namespace {

const std::map<std::string_view, const char*>& polish() {
  static const std::map<std::string_view, const char*> words = {
      // The terminal tables (layouts.hpp): headings and notes.
      {"domain: {} ({} of {}; standard errors use the full design; df = {}: PSUs − strata among the domain's respondents, as R degf(subset(design, ...)))",
       "domena: {} ({} z {}; błędy standardowe z pełnego schematu losowania; df = {}: PSU minus warstwy wśród respondentów domeny, jak R degf(subset(design, ...)))"},
      {"wave {}", "fala {}"},
      {"wave {} (the latest of {}; --wave N for another)", "fala {} (ostatnia z {}; inna: --wave N)"},
      // The waves side by side (layout_wave_banner.cpp).
      {"code", "kod"},
      {"by wave", "według fal"},
      {"answer", "odpowiedź"},
      {"mean", "średnia"},
      {"each wave's estimate from its own design; n = respondents with a valid answer{}",
       "oszacowanie każdej fali z jej własnego schematu losowania; n = respondenci z ważną odpowiedzią{}"},
      {"; % of them", "; % z nich"},
      {"letters: waves whose estimate is significantly lower (p < {}), from the change between the waves, whose SE accounts for {} {} in every wave (link design, df {})",
       "litery: fale z oszacowaniem istotnie niższym (p < {}), ze zmiany między falami, której błąd standardowy uwzględnia {} {} we wszystkich falach (schemat łączący, df {})"},
      {"firms", "firm"},
      // A report's tables across waves (report_builder.cpp).
      {"Wave: {} (the latest of {})", "Fala: {} (ostatnia z {})"},
      {"Wave: {}", "Fala: {}"},
      {"Change between waves", "Zmiana między falami"},
      {"Not shown: no wave of the database asks {}.", "Nie pokazano: żadna fala w bazie nie zawiera pytania {}."},
      {"Not shown yet: a comparison needs two waves that ask {}; the database holds only wave {}.",
       "Jeszcze nie pokazano: porównanie wymaga dwóch fal z pytaniem {}; baza zawiera tylko falę {}."},
      {"Each wave's estimates come from that wave's own design and weights, as in the tables of one wave. A change is the later wave's estimate minus the earlier one's. Its standard error accounts for the units surveyed in more than one wave, whose answers are correlated: Taylor linearization on the stacked waves with the unit as the primary sampling unit, each wave post-stratified to its own stratum population counts, link strata and a link finite population correction (the link design, after Tam 1984). Treating the waves as independent samples would overstate these standard errors, and so would the plain stacked design. Domains are defined in each wave by that wave's answers.",
       "Oszacowania każdej fali pochodzą z jej własnego schematu losowania i wag, jak w tabelach jednej fali. Zmiana to oszacowanie późniejszej fali minus oszacowanie wcześniejszej. Jej błąd standardowy uwzględnia jednostki badane w więcej niż jednej fali, których odpowiedzi są skorelowane: linearyzacja Taylora na połączonych falach z jednostką jako jednostką losowania pierwszego stopnia, każda fala poststratyfikowana do liczebności populacji swoich warstw, warstwy łączące i łącząca poprawka na skończoność populacji (schemat łączący, za Tam 1984). Traktowanie fal jak niezależnych prób zawyżyłoby te błędy standardowe, podobnie jak zwykłe połączenie fal. Domeny są określone w każdej fali odpowiedziami z tej fali."},
      {"waves {}: {} {} in every wave; link design with {} PSUs, {} strata, {} degrees of freedom",
       "fale {}: {} {} obecnych we wszystkich falach; schemat łączący: {} PSU, {} warstw, {} stopni swobody"},
      // The change table (layout_change.cpp).
      {"change between waves {}{}", "zmiana między falami {}{}"},
      {" (panel: respondents in every wave only)", " (panel: tylko respondenci obecni we wszystkich falach)"},
      {"statistic", "statystyka"},
      {"share", "odsetek"},
      {"total", "suma"},
      {"Panel table: {} respondents present in every wave, re-weighted to their first wave's strata (N_h / m_h); each difference is the mean within-respondent change (df {}). Births, deaths and one-wave respondents are left out.",
       "Tabela panelowa: {} respondentów obecnych we wszystkich falach, przeważonych do warstw ich pierwszej fali (N_h / m_h); każda różnica to średnia zmiana u tego samego respondenta (df {}). Firmy nowe, zlikwidowane i obecne w jednej fali są pominięte."},
      {"SE treats the waves as independent samples (--overlap independent): V_a + V_b of their own designs, df {}; the {} {} in all waves are not used.",
       "błąd standardowy traktuje fale jak niezależne próby (--overlap independent): V_a + V_b z ich własnych schematów, df {}; {} {} obecnych we wszystkich falach nie jest uwzględnionych."},
      {"SE accounts for {} {} in {} waves (link design{}: {} PSUs, {} strata, df {})",
       "błąd standardowy uwzględnia {} {} obecnych w {} falach (schemat łączący{}: {} PSU, {} warstw, df {})"},
      {"both", "obu"},
      {"all", "wszystkich"},
      {" with each wave's fpc", " z poprawką fpc każdej fali"},
      {" without fpc", " bez poprawki fpc"},
      {"; {} of them are in the domain in both waves", "; {} z nich należy do domeny w obu falach"},
      {"each wave's estimate from its own design; each change is the later wave minus the earlier, shares and their changes in percent (percentage points)",
       "oszacowanie każdej fali z jej własnego schematu losowania; zmiana to późniejsza fala minus wcześniejsza, odsetki i ich zmiany w procentach (punktach procentowych)"},
      {"waves {} and {}", "fale {} i {}"},
      {"all waves {}", "wszystkie fale {}"},
      {"equal means (Wald F)", "równość średnich (F Walda)"},
      {"equal distributions, Rao–Scott F", "równość rozkładów, F Rao–Scotta"},
      {"equal distributions, Rao–Scott first-order chi-square", "równość rozkładów, chi-kwadrat Rao–Scotta pierwszego rzędu"},
      {"{}, {}: F = {}, df {} and {}, p {}", "{}, {}: F = {}, df {} i {}, p {}"},
      {"{}, {}: X2 = {}, df {}, p {}", "{}, {}: X2 = {}, df {}, p {}"},
      {"domain: {} (defined in each wave by that wave's values)", "domena: {} (określona w każdej fali jej własnymi wartościami)"},
      {"{}: a division by zero gave a missing value (count: {})", "{}: dzielenie przez zero dało brak wartości (liczba: {})"},
      {"weighted estimates, standard errors by Taylor linearization", "oszacowania ważone, błędy standardowe metodą linearyzacji Taylora"},
      {"unweighted counts", "liczebności nieważone"},
      {"{}; percentages of the valid base (n = {}); all respondents in the domain: n = {}, weighted {}",
       "{}; procenty z bazy ważnej (n = {}); wszyscy respondenci w domenie: n = {}, ważona {}"},
      {"asked only when: {}", "pytanie zadawane tylko, gdy: {}"},
      {"CI: {} method, t with {} df; deff against simple random sampling without replacement",
       "przedział ufności: metoda {}, t o {} stopniach swobody; deff względem prostego losowania bez zwracania"},
      {"! effective base of the table (valid answers) below {}: read with caution",
       "! efektywna liczebność tabeli (ważne odpowiedzi) poniżej {}: interpretować ostrożnie"},
      {"base: respondents who answered (n = {}, weighted {}); on average {} answers each; % of respondents add up to more than 100",
       "baza: respondenci, którzy odpowiedzieli (n = {}, ważona {}); średnio {} odpowiedzi na respondenta; procenty respondentów sumują się do ponad 100"},
      {"percentages of those who rated the item; missing codes (don't know) are left out of percentages and means",
       "procenty z tych, którzy ocenili stwierdzenie; kody braków danych (nie wiem) pominięto w procentach i średnich"},
      {"column percentages; declared missing codes and those not asked are left out",
       "procenty w kolumnach; zadeklarowane kody braków danych i osoby, którym nie zadano pytania, pominięto"},
      {"row percentages", "procenty w wierszach"},
      {"percentages of the table total", "procenty ogółu tabeli"},
      {"weighted counts", "liczebności ważone"},
      {"letters: the column's percentage is significantly higher than that of the lettered column (design-based t test of two domain proportions, {} df, alpha {}{})",
       "litery: procent w kolumnie jest istotnie wyższy niż w kolumnie oznaczonej literą (test t dwóch odsetków w domenach uwzględniający schemat losowania, {} df, alfa {}{})"},
      {"letters: the column's percentage is significantly higher than that of the lettered column (design-based t test of two domain means of the 0/1 item, {} df, alpha {}{})",
       "litery: procent w kolumnie jest istotnie wyższy niż w kolumnie oznaczonej literą (test t dwóch średnich zmiennej 0/1 w domenach uwzględniający schemat losowania, {} df, alfa {}{})"},
      {", Bonferroni-adjusted", ", z poprawką Bonferroniego"},
      {"! effective base of the row below {}: read with caution", "! efektywna liczebność wiersza poniżej {}: interpretować ostrożnie"},
      {"! effective base of the table below {}: read with caution", "! efektywna liczebność tabeli poniżej {}: interpretować ostrożnie"},
      {"! effective base of the group below {}: read with caution", "! efektywna liczebność grupy poniżej {}: interpretować ostrożnie"},
      {"! effective base of the respondents averaged below {}: read with caution",
       "! efektywna liczebność uśrednianych respondentów poniżej {}: interpretować ostrożnie"},
      {"{} x {}: the design-based tests' denominator df come from {} = PSUs − strata of {} (R svychisq's nu: df2 = d0 × {} for rao-scott-f)",
       "{} x {}: stopnie swobody mianownika testów uwzględniających schemat losowania: {} = PSU minus warstwy, liczone dla: {} (nu w R svychisq: df2 = d0 × {} dla rao-scott-f)"},
      {"the whole calibrated design (R's subset() of a calibrated design keeps every row)",
       "cały skalibrowany schemat (subset() w R zachowuje w skalibrowanym schemacie wszystkie wiersze)"},
      {"the domain's respondents (R's subset() of an uncalibrated design drops the others)",
       "respondenci domeny (subset() w R usuwa pozostałych ze schematu bez kalibracji)"},
      {"the design", "schemat losowania"},
      {"{} x {}: Cramér's V = {}", "{} x {}: V Craméra = {}"},
      {"{} x {}: no design-based tests of independence (Rao-Scott, Wald): {}; the Pearson and likelihood-ratio tests above ignore the design",
       "{} x {}: brak testów niezależności uwzględniających schemat losowania (Rao-Scott, Wald): {}; testy Pearsona i ilorazu wiarygodności powyżej pomijają schemat"},
      {"rao-scott-f: second-order Rao–Scott F (R svychisq default); rao-scott-chisq: first-order; pearson: unweighted counts",
       "rao-scott-f: F z poprawką Rao–Scotta drugiego rzędu (domyślny w R svychisq); rao-scott-chisq: pierwszego rzędu; pearson: liczebności nieważone"},
      {"% of each column's respondents who answered the question (n = {} in all) mentioning the option; percentages add up to more than 100",
       "procent respondentów kolumny, którzy odpowiedzieli na pytanie (łącznie n = {}), wskazujących odpowiedź; procenty sumują się do ponad 100"},
      {"{}: {} vs {}: difference {} (SE {}), t = {}, p = {}", "{}: {} wobec {}: różnica {} (SE {}), t = {}, p = {}"},
      {"{}: equal means across {}: {}", "{}: równość średnich według {}: {}"},
      {"{}: equal means across {}: Wald F = {}, df = ({}, {}), p = {}", "{}: równość średnich według {}: F Walda = {}, df = ({}, {}), p = {}"},
      {"differences listed where p < 0.05 (design-based t test on {} df; equality F on ({}, {} df))",
       "różnice podane, gdy p < 0.05 (test t uwzględniający schemat losowania, {} df; F równości na ({}, {} df))"},
      {"groups − 1", "grupy − 1"},
      {"declared missing codes (don't know, refused) are left out; scale items are averaged over their scores",
       "zadeklarowane kody braków danych (nie wiem, odmowa) pominięto; dla skal uśredniono przypisane punkty"},
      {"groups of {} are domains of the full design", "grupy zmiennej {} są domenami pełnego schematu losowania"},
      {"top-2 / bottom-2: share of the answers scored highest / lowest (the two top or bottom scores, ties included) among scored answers, whatever the order of the codes",
       "top-2 / bottom-2: udział odpowiedzi o najwyższej / najniższej punktacji (dwie najwyższe lub najniższe wartości, z remisami) wśród odpowiedzi z punktacją, niezależnie od kolejności kodów"},
      {"ratio of the two weighted totals over respondents with both values (R svyratio); linearization SE",
       "iloraz dwóch sum ważonych wśród respondentów z obiema wartościami (R svyratio); SE metodą linearyzacji"},
      {"! effective base of the column below {}: read with caution", "! efektywna liczebność kolumny poniżej {}: interpretować ostrożnie"},
      {"! effective base below {}: read with caution", "! efektywna liczebność poniżej {}: interpretować ostrożnie"},
      {"% of respondents", "% firm"},
      {"% of responses", "% wskazań"},
      {"All", "Ogółem"},
      {"Answer", "Odpowiedź"},
      {"Answers sorted from the most frequent.", "Odpowiedzi uporządkowane od najczęstszej."},
      {"Asked only when", "Pytanie zadawane tylko, gdy"},
      {"Base (respondents who answered)", "Podstawa (firmy, które odpowiedziały)"},
      {"Base (weighted)", "Podstawa (ważona)"},
      {"Base n (unweighted)", "Podstawa n (nieważona)"},
      {"Base: respondents who answered both questions, n = {}", "Podstawa: firmy, które odpowiedziały na oba pytania, n = {}"},
      {"Base: respondents who answered, n = {} (weighted {}); {} answers each on average",
       "Podstawa: firmy, które odpowiedziały, n = {} (ważona {}); średnio {} wskazań na firmę"},
      {"Base: respondents who rated the item (n from {} per item)", "Podstawa: firmy, które oceniły stwierdzenie (n od {} na stwierdzenie)"},
      {"Base: respondents with a valid answer in each group (column n)", "Podstawa: firmy z ważną odpowiedzią w każdej grupie (kolumna n)"},
      {"Base: respondents with a valid answer, n = {} (weighted {}); all respondents in the domain: {}",
       "Podstawa: firmy z ważną odpowiedzią, n = {} (ważona {}); wszystkie firmy w analizowanej grupie: {}"},
      {"Column percentages", "Procenty w kolumnach"},
      {"Column percentages.", "Procenty w kolumnach."},
      {"Computed with ankieta {}.", "Obliczenia: ankieta {}."},
      {"Confidence intervals at {}%: for proportions on the logit scale (R svyciprop), for means Wald intervals with t on {} df.",
       "Przedziały ufności {}%: dla odsetków w skali logitowej (R svyciprop), dla średnich przedziały Walda z rozkładem t o {} stopniach swobody."},
      {"Design effects (deff) of the {} proportions in the tables range from {} to {}, median {}: the variance of an estimate is that many times the variance under simple random sampling of the same size.",
       "Efekty schematu losowania (deff) {} odsetków w tabelach wynoszą od {} do {}, mediana {}: tyle razy wariancja oszacowania jest większa niż przy prostym losowaniu próby tej samej wielkości."},
      {"Design effects", "Efekty schematu losowania"},
      {"Domain", "Analizowana grupa"},
      {"Don't know and refused are left out; scale items are averaged over their scores.",
       "Odpowiedzi „nie wiem” i odmowy pominięto; dla skal uśredniono przypisane punkty."},
      {"Estimation", "Estymacja"},
      {"Group", "Grupa"},
      {"Item", "Stwierdzenie"},
      {"Letters: the column's percentage is significantly higher than that of the lettered column of the same variable (design-based t test, alpha = {}, {} df).",
       "Litery: odsetek w kolumnie jest istotnie wyższy niż w kolumnie oznaczonej literą, w obrębie tej samej zmiennej (test t uwzględniający schemat losowania, alfa = {}, {} stopni swobody)."},
      {"Letters: the group's mean is significantly higher than that of the lettered group (design-based t test, alpha = {}).",
       "Litery: średnia w grupie jest istotnie wyższa niż w grupie oznaczonej literą (test t uwzględniający schemat losowania, alfa = {})."},
      {"Mean of the scores", "Średnia punktów"},
      {"Mean", "Średnia"},
      {"Means", "Średnie"},
      {"Methodology", "Metodologia"},
      {"Missing codes (don't know, refused), blanks and those not asked are shown apart and left out of the percentages.",
       "Braki danych (nie wiem, odmowa), odpowiedzi puste i pytania niezadane pokazano osobno; nie wchodzą do odsetków."},
      {"No weight set is in use: the design weights {} (population over sample size in each stratum) were used.",
       "Nie użyto zestawu wag kalibracyjnych: zastosowano wagi schematu losowania {} (liczebność populacji przez liczebność próby w warstwie)."},
      {"Percentages of each column's respondents who answered the question; they add up to more than 100.",
       "Odsetki firm z kolumny, które odpowiedziały na pytanie; sumują się do ponad 100."},
      {"Percentages of the table total.", "Procenty ogółu tabeli."},
      {"Percentages of those who rated the item; 'don't know' is left out of the percentages and the mean.",
       "Procenty firm, które oceniły stwierdzenie; odpowiedzi „nie wiem” pominięto w odsetkach i średniej."},
      {"Population N from the fpc variable {}; sum of weights with the weights used in this report.",
       "Liczebność populacji N ze zmiennej fpc {}; suma wag według wag użytych w raporcie."},
      {"Proportions, means and totals are design-based estimates; standard errors by Taylor linearization for the stratified design with finite population correction (as R survey: svymean, svytotal).",
       "Odsetki, średnie i sumy są oszacowaniami uwzględniającymi schemat losowania; błędy standardowe metodą linearyzacji Taylora dla losowania warstwowego z poprawką na skończoną populację (jak w pakiecie R survey: svymean, svytotal)."},
      {"Respondents", "Respondenci"},
      {"Responses", "Zebrane odpowiedzi"},
      {"Row percentages.", "Procenty w wierszach."},
      {"Sample and population per stratum", "Próba i populacja w warstwach"},
      {"Sample and population", "Próba i populacja"},
      {"Several answers possible: percentages of respondents add up to more than 100.",
       "Można było wskazać kilka odpowiedzi: odsetki firm sumują się do ponad 100."},
      {"Small bases: estimates whose effective base is below {} are marked with !.",
       "Małe liczebności: oszacowania o efektywnej liczebności poniżej {} oznaczono znakiem !."},
      {"Strata", "Warstwy"},
      {"Subgroups (banner columns, filters, the report's domain) are domains of the full design, not separate samples.",
       "Podgrupy (kolumny tabel, filtry, analizowana grupa) są domenami pełnego schematu losowania, a nie osobnymi próbami."},
      {"Tests of independence: Rao–Scott second-order corrected F (R svychisq); significance letters from design-based t tests of two domain proportions or means, with their covariance.",
       "Testy niezależności: statystyka F z poprawką Rao–Scotta drugiego rzędu (R svychisq); litery istotności z testów t dla dwóch odsetków lub średnich w domenach, z uwzględnieniem ich kowariancji."},
      {"The survey '{}' has {} respondents in the database ({} in this report). The sample design is {}; {} strata, {} primary sampling units, {} degrees of freedom for intervals and tests (PSUs minus strata).",
       "Badanie „{}” obejmuje {} respondentów w bazie ({} w tym raporcie). Schemat losowania: {}; {} warstw, {} jednostek losowania pierwszego stopnia, {} stopni swobody dla przedziałów i testów (jednostki minus warstwy)."},
      {"The tables are unweighted: every respondent counts once, as in a simple random sample.",
       "Tabele są nieważone: każdy respondent liczy się raz, jak w prostej próbie losowej."},
      {"The {} most frequent answers of {}.", "{} najczęstszych odpowiedzi spośród {}."},
      {"Total (valid base)", "Razem (podstawa ważna)"},
      {"Total", "Ogółem"},
      {"Unweighted analysis: the design effect is 1 by construction.", "Analiza nieważona: efekt schematu wynosi z definicji 1."},
      {"Variable", "Zmienna"},
      {"Weight set '{}': {} of the base weights to {} population figures from {} (made {}). Standard errors take the calibration into account (as R survey's postStratify, rake and calibrate).",
       "Zestaw wag „{}”: {} wag bazowych do {} wielkości populacyjnych z {} (utworzony {}). Błędy standardowe uwzględniają kalibrację (jak postStratify, rake i calibrate w pakiecie R survey)."},
      {"Weighted counts.", "Liczebności ważone."},
      {"Weighted total", "Liczebność ważona"},
      {"Weighting", "Ważenie"},
      {"Weights", "Wagi"},
      {"by", "według"},
      {"coefficient of variation {}; Kish design effect of weighting 1 + CV² = {}; effective sample size {} of {}",
       "współczynnik zmienności {}; efekt ważenia Kisha 1 + CV² = {}; efektywna liczebność próby {} z {}"},
      {"design weights", "wagi schematu losowania"},
      {"linear calibration (GREG)", "kalibracja liniowa (GREG)"},
      {"multiple response", "pytanie wielokrotnego wyboru"},
      {"no answer", "brak odpowiedzi"},
      {"none", "brak"},
      {"not asked (filter)", "nie zadano (filtr)"},
      {"not asked in this wave", "nie zadano w tej fali"},
      {"post-stratification", "poststratyfikacja"},
      {"raking", "raking (iteracyjne dopasowanie proporcjonalne)"},
      {"respondents analysed: {} (of {} in the database)", "respondenci w analizie: {} (z {} w bazie)"},
      {"unweighted", "bez wag"},
      {"weight set", "zestaw wag"},
      {"weights from {} to {} (ratio {}), sum {}", "wagi od {} do {} (stosunek {}), suma {}"},
      {"with", "z"},
      {"{} × {}: Rao–Scott F = {}, df = ({}, {}), p = {}; Cramér's V = {}", "{} × {}: F Rao–Scotta = {}, df = ({}, {}), p = {}; V Craméra = {}"},
      {"{}: equal means across {}: Wald F = {}, df = ({}, {}), p = {}", "{}: równość średnich według {}: F Walda = {}, df = ({}, {}), p = {}"},
      {"{}: {} read, {} loaded, {} rejected (wave {})", "{}: wczytano {}, przyjęto {}, odrzucono {} (fala {})"},
      {"unweighted (simple random sample, weight 1)", "bez wag (prosta próba losowa, waga 1)"},
      {"no strata", "bez warstw"},
      {"stratified sampling", "losowanie warstwowe"},
      {"respondents sampled directly (each its own PSU)", "respondenci losowani bezpośrednio (każdy jest jednostką losowania)"},
      {"clusters", "zespoły (klastry losowania)"},
      {"weights", "wagi"},
      {"finite population correction", "poprawka na skończoną populację"},
      {"from", "od"},
      {"to", "do"},
      {"Sample n", "Próba n"},
      {"Population N", "Populacja N"},
      {"Sampling fraction %", "Frakcja losowania %"},
      {"Sum of weights", "Suma wag"},
      {"Mean weight", "Średnia waga"},
      {"no finite population correction (first stage with replacement)", "bez poprawki na skończoną populację (losowanie pierwszego stopnia ze zwracaniem)"},
      {"Proportions, means and totals are design-based estimates; standard errors by Taylor linearization for the {} {}{} (as R survey: svymean, svytotal).",
       "Odsetki, średnie i sumy są oszacowaniami uwzględniającymi schemat losowania; błędy standardowe metodą linearyzacji Taylora dla schematu: {} {}{} (jak w pakiecie R survey: svymean, svytotal)."},
      {"stratified", "losowanie warstwowe"},
      {"unstratified", "losowanie bez warstw"},
      {" sample of respondents", " respondentów"},
      {" cluster sample", " zespołowe"},
      {"with finite population correction from {}", "z poprawką na skończoną populację ({})"},
      {"without finite population correction, the first stage taken as drawn with replacement", "bez poprawki na skończoną populację (losowanie pierwszego stopnia traktowane jako ze zwracaniem)"},
      {"; the variance accounts for the {} of weight set '{}'", "; wariancja uwzględnia {} zestawu wag „{}”"},
      {"Confidence intervals at {}%: for proportions {}, for means Wald intervals with t on {} df.",
       "Przedziały ufności {}%: dla odsetków {}, dla średnich przedziały Walda z rozkładem t o {} stopniach swobody."},
      {"on the logit scale (R svyciprop)", "w skali logitowej (R svyciprop)"},
      {"Every stratum has at least two primary sampling units.", "Każda warstwa ma co najmniej dwie jednostki losowania pierwszego stopnia."},
      {"Population N from the frame counts of {}; sum of weights with the weights used in this report.",
       "Liczebność populacji N z operatu: {}; suma wag według wag użytych w raporcie."},
      {"weight set '{}' ({})", "zestaw wag „{}” ({})"},
      {"Weight set '{}': {} of the base weights ({}) to {} population figures from {} (made {}). Standard errors take the calibration into account (as R survey's postStratify, rake and calibrate).",
       "Zestaw wag „{}”: {} wag bazowych ({}) do {} wielkości populacyjnych z {} (utworzony {}). Błędy standardowe uwzględniają kalibrację (jak postStratify, rake i calibrate w pakiecie R survey)."},
      {"population figures of {}: {}", "wielkości populacyjne dla {}: {}"},
      {"weights not trimmed", "wag nie przycinano"},
      {"weights trimmed to [{}, {}] (R trimWeights)", "wagi przycięte do [{}, {}] (R trimWeights)"},
      {"No weight set is in use: the weights of the variable {} were used as they are, without calibration to population figures.",
       "Nie użyto zestawu wag kalibracyjnych: zastosowano wagi ze zmiennej {} bez kalibracji do wielkości populacyjnych."},
      {"No weight set and no weight variable are in use: every respondent has weight 1.", "Nie użyto wag: każdy respondent ma wagę 1."},
      {"weight variable", "zmienna wagi"},
      {"Strata of a variable marked as personal data (pii) are numbered, not named.", "Warstwy zmiennej oznaczonej jako dane osobowe (pii) są ponumerowane, nie nazwane."},
      // Chrome of the writers.
      {"Contents", "Spis treści"},
      {"Table", "Tabela"},
      {"Notes", "Uwagi"},
      {"Report", "Raport"},
      {"Generated", "Wygenerowano"},
      {"Survey", "Badanie"},
      {"Database", "Baza danych"},
      {"Sheet", "Arkusz"},
      {"Title", "Tytuł"},
      {"Section", "Rozdział"},
      {"Significance letters", "Litery istotności"},
      {"small base", "mała liczebność"},
  };
  return words;
}

struct PolishForms {
  const char* one;   // 1
  const char* few;   // 2–4, 22–24, ... (not 12–14)
  const char* many;  // 0, 5–21, 25–31, ...
};

// Nouns after a count, keyed by their English plural.
const std::map<std::string_view, PolishForms>& polish_nouns() {
  static const std::map<std::string_view, PolishForms> nouns = {
      {"rows", {"wiersz", "wiersze", "wierszy"}},
      {"respondents", {"respondent", "respondentów", "respondentów"}},
      {"answers", {"odpowiedź", "odpowiedzi", "odpowiedzi"}},
      {"tables", {"tabela", "tabele", "tabel"}},
      {"firms", {"firma", "firmy", "firm"}},
  };
  return nouns;
}

}  // namespace

const char* word(survey::Language language, const char* english) {
  if (language != survey::Language::pl) return english;
  auto found = polish().find(english);
  return found == polish().end() ? english : found->second;
}

PluralForm polish_plural(std::int64_t n) {
  if (n < 0) n = -n;
  if (n == 1) return PluralForm::one;
  const std::int64_t last = n % 10, last_two = n % 100;
  if (last >= 2 && last <= 4 && !(last_two >= 12 && last_two <= 14)) return PluralForm::few;
  return PluralForm::many;
}

std::string count_of(survey::Language language, std::int64_t n, std::string_view english_plural, std::string_view english_singular) {
  if (language == survey::Language::pl) {
    auto found = polish_nouns().find(english_plural);
    if (found != polish_nouns().end()) {
      const PolishForms& forms = found->second;
      PluralForm form = polish_plural(n);
      return fmt::format("{} {}", n, form == PluralForm::one ? forms.one : form == PluralForm::few ? forms.few : forms.many);
    }
  }
  return fmt::format("{} {}", n, n == 1 ? english_singular : english_plural);
}

}  // namespace ankieta::report
