# Kinderstem indicators
# Made by Kinderstem from the codebook of kinderstem-indicators.csv.

library(readr)
library(haven)

d <- read_delim("kinderstem-indicators.csv", delim = ",", na = "",
  locale = locale(encoding = "UTF-8", decimal_mark = "."),
  col_types = cols(
    survey = col_character(),
    survey_version = col_integer(),
    indicator = col_character(),
    title = col_character(),
    kind = col_character(),
    theme = col_character(),
    crc = col_character(),
    by1 = col_character(),
    level1 = col_character(),
    level1_label = col_character(),
    by2 = col_character(),
    level2 = col_character(),
    level2_label = col_character(),
    value = col_double(),
    lower = col_double(),
    upper = col_double(),
    n = col_integer(),
    dont_know = col_integer(),
    skipped = col_integer(),
    suppressed = col_logical(),
    k = col_integer(),
    deff = col_double(),
    n_effective = col_double(),
    sessions = col_integer(),
    weights = col_character(),
    se = col_double(),
    reliability = col_character(),
    reliability_reasons = col_character()
  ))

attr(d$survey, "label") <- "Survey id (file name in surveys/)."
attr(d$survey_version, "label") <- "Version of the survey the numbers cover (the latest; see the version filter)."
attr(d$indicator, "label") <- "Indicator id within the survey."
attr(d$title, "label") <- "Indicator title in the export's language."
attr(d$kind, "label") <- "share: share of valid answers in the top answers (0-1); mean: mean of the item; index: mean of item scores rescaled to 0-100."
attr(d$theme, "label") <- "Children's-rights theme (Kinderrechtenmonitor grouping)."
attr(d$crc, "label") <- "Articles of the UN Convention on the Rights of the Child, separated by spaces."
attr(d$by1, "label") <- "First breakdown, empty for the total."
attr(d$level1, "label") <- "Value of the first breakdown; 'all' for a margin."
attr(d$level1_label, "label") <- "Words for level1 in the export's language."
attr(d$by2, "label") <- "Second breakdown, empty when there is none."
attr(d$level2, "label") <- "Value of the second breakdown; 'all' for a margin."
attr(d$level2_label, "label") <- "Words for level2 in the export's language."
attr(d$value, "label") <- "The indicator's value: a share 0-1, a mean, or an index 0-100. Empty when suppressed."
attr(d$lower, "label") <- "Lower end of the 95% interval, sessions as clusters with sessions - 1 degrees of freedom: for a share Korn and Graubard's (beta) interval on the effective sample size, which stays between 0 and 1; for a mean value - t × se. Empty when suppressed or "
attr(d$upper, "label") <- "Upper end of the 95% interval. Empty when suppressed."
attr(d$n, "label") <- "Respondents with a valid answer (the base). Empty when suppressed."
attr(d$dont_know, "label") <- "Respondents who answered \"don't know\" (not in the base). Empty when suppressed."
attr(d$skipped, "label") <- "Respondents who skipped (or answered too few items of an index). Empty when suppressed."
attr(d$suppressed, "label") <- "true when the cell is hidden to protect small groups."
attr(d$k, "label") <- "Disclosure threshold: cells of fewer respondents are suppressed."
attr(d$deff, "label") <- "Design effect of sessions as clusters: the clustered variance over the simple one, rounded to 2 decimals. Empty when suppressed or with fewer than 2 sessions."
attr(d$n_effective, "label") <- "Effective sample size n / deff. Empty when deff is."
attr(d$sessions, "label") <- "Sessions (clusters) the cell's respondents answered in; the interval's t quantile has sessions - 1 degrees of freedom. Empty when suppressed."
attr(d$weights, "label") <- "Weights: empty = every child counts once; population = weighted to age band × sex by province (post-stratification, raking where a group has under 10). Value, lower, upper are then weighted (linearisation variance, sessions as clusters); n is not."
attr(d$se, "label") <- "Standard error of value: the clustered (design-based) variance plus that of the cell key noise. Empty when suppressed or without an interval."
attr(d$reliability, "label") <- "Reliability: ok, caution (use with caution) or unreliable. Shares (NCHS standards): effective n under 30, an interval 0.30 wide or wider, or wider than 0.05 and than 130% of the share: unreliable; a share of 0 or 1: caution. Means (Statistics Canada)"
attr(d$reliability_reasons, "label") <- "Why a value is flagged, separated by spaces: n_effective, width, relative_width, extreme, cv, df, no_interval (see reliability)."

# Answers as factors: codes outside the levels (skipped, don't know) become NA.
d_factors <- d
