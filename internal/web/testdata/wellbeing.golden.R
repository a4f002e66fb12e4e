# Kinderstem microdata: How are you?
# Made by Kinderstem from the codebook of kinderstem-wellbeing.csv.

library(readr)
library(haven)

d <- read_delim("kinderstem-wellbeing.csv", delim = ",", na = "",
  locale = locale(encoding = "UTF-8", decimal_mark = "."),
  col_types = cols(
    submission = col_character(),
    survey = col_character(),
    survey_version = col_integer(),
    session = col_character(),
    setting = col_character(),
    region = col_character(),
    province = col_character(),
    age_band = col_character(),
    age = col_integer(),
    gender = col_character(),
    quarter = col_character(),
    lang = col_character(),
    complete = col_logical(),
    paper = col_logical(),
    psu = col_character(),
    weight = col_double(),
    life_satisfaction = col_integer(),
    felt_happy = col_integer(),
    felt_calm = col_integer(),
    felt_worried = col_integer(),
    felt_sad = col_integer(),
    felt_lonely = col_integer(),
    feel_healthy = col_integer(),
    friends_enough = col_integer(),
    friends_help = col_integer(),
    family_cares = col_integer(),
    family_fun = col_integer(),
    school_like = col_integer(),
    free_time = col_integer(),
    enough_free_time = col_integer(),
    place_to_play = col_integer(),
    safe_home = col_integer(),
    safe_school = col_integer(),
    safe_area = col_integer(),
    bullied = col_integer(),
    treated_equal = col_integer(),
    treated_worse = col_integer()
  ))

attr(d$submission, "label") <- "A random id of the row, made for this export only: not the order of arrival, and not the same in another export."
attr(d$survey, "label") <- "Survey id."
attr(d$survey_version, "label") <- "Version of the survey the child answered."
attr(d$session, "label") <- "Pseudonym of the session (a group of children answering together), made for this export only; empty where suppressed (fewer than 5 rows would share it)."
attr(d$setting, "label") <- "Where the session took place."
attr(d$region, "label") <- "Always empty in this file: municipalities are recoded to their province (see province)."
attr(d$province, "label") <- "Province of the region (Brussels-Capital Region as '04000'), as a NIS code."
attr(d$age_band, "label") <- "Age band: from the child's age when given, else the session's band."
attr(d$age, "label") <- "Always empty in this file: ages are recoded to their band (see age_band)."
attr(d$gender, "label") <- "Gender as the child chose to say it; empty where suppressed (fewer than 5 rows would share it)."
attr(d$quarter, "label") <- "Quarter the answers arrived, as 2026-Q1 (the month is recoded to its quarter)."
attr(d$lang, "label") <- "Language the child answered in (BCP 47)."
attr(d$complete, "label") <- "true when no question was skipped (\"don't know\" counts as an answer)."
attr(d$paper, "label") <- "true when the child filled in a paper questionnaire that a worker typed in twice (the two typings compared); false when the child answered on a screen. Empty where the session is left out, and in a session that mixed paper and screens, where it would"
attr(d$psu, "label") <- "The primary sampling unit of the design: the session pseudonym, or the row id where the session was left out (the row is then a cluster of its own). Declare the design with sessions as clusters: the R, Stata and SPSS files that come with this file do"
attr(d$weight, "label") <- "Population weight of the row: its class of province × age band × sex weighted to the imported population table, exactly as weights=population weights the indicators (a row whose gender or province was left out gets the weight of what it shows). 1 f"
d$life_satisfaction <- labelled_spss(d$life_satisfaction, labels = c("Very bad" = 0, "1" = 1, "2" = 2, "3" = 3, "4" = 4, "5" = 5, "6" = 6, "7" = 7, "8" = 8, "9" = 9, "Very good" = 10, "Skipped" = -1),
  na_values = c(-1), label = "How happy are you with your life as a whole?")
d$felt_happy <- labelled_spss(d$felt_happy, labels = c("Never" = 1, "Hardly ever" = 2, "Sometimes" = 3, "Often" = 4, "Always" = 5, "Skipped" = -1, "I don't know" = -2),
  na_values = c(-1, -2), label = "In the last two weeks, I felt happy.")
d$felt_calm <- labelled_spss(d$felt_calm, labels = c("Never" = 1, "Hardly ever" = 2, "Sometimes" = 3, "Often" = 4, "Always" = 5, "Skipped" = -1, "I don't know" = -2),
  na_values = c(-1, -2), label = "In the last two weeks, I felt calm.")
d$felt_worried <- labelled_spss(d$felt_worried, labels = c("Never" = 1, "Hardly ever" = 2, "Sometimes" = 3, "Often" = 4, "Always" = 5, "Skipped" = -1, "I don't know" = -2),
  na_values = c(-1, -2), label = "In the last two weeks, I was worried.")
d$felt_sad <- labelled_spss(d$felt_sad, labels = c("Never" = 1, "Hardly ever" = 2, "Sometimes" = 3, "Often" = 4, "Always" = 5, "Skipped" = -1, "I don't know" = -2),
  na_values = c(-1, -2), label = "In the last two weeks, I felt sad.")
d$felt_lonely <- labelled_spss(d$felt_lonely, labels = c("Never" = 1, "Hardly ever" = 2, "Sometimes" = 3, "Often" = 4, "Always" = 5, "Skipped" = -1, "I don't know" = -2),
  na_values = c(-1, -2), label = "In the last two weeks, I felt lonely.")
d$feel_healthy <- labelled_spss(d$feel_healthy, labels = c("Not true at all" = 1, "Not true" = 2, "A little true" = 3, "True" = 4, "Very true" = 5, "Skipped" = -1, "I don't know" = -2),
  na_values = c(-1, -2), label = "I feel healthy.")
d$friends_enough <- labelled_spss(d$friends_enough, labels = c("Not true at all" = 1, "Not true" = 2, "A little true" = 3, "True" = 4, "Very true" = 5, "Skipped" = -1, "I don't know" = -2),
  na_values = c(-1, -2), label = "I have enough friends.")
d$friends_help <- labelled_spss(d$friends_help, labels = c("Not true at all" = 1, "Not true" = 2, "A little true" = 3, "True" = 4, "Very true" = 5, "Skipped" = -1, "I don't know" = -2),
  na_values = c(-1, -2), label = "When things are hard for me, my friends help me.")
d$family_cares <- labelled_spss(d$family_cares, labels = c("Not true at all" = 1, "Not true" = 2, "A little true" = 3, "True" = 4, "Very true" = 5, "Skipped" = -1, "I don't know" = -2),
  na_values = c(-1, -2), label = "At home, they take good care of me.")
d$family_fun <- labelled_spss(d$family_fun, labels = c("Not true at all" = 1, "Not true" = 2, "A little true" = 3, "True" = 4, "Very true" = 5, "Skipped" = -1, "I don't know" = -2),
  na_values = c(-1, -2), label = "At home, we have a good time together.")
d$school_like <- labelled_spss(d$school_like, labels = c("Not true at all" = 1, "Not true" = 2, "A little true" = 3, "True" = 4, "Very true" = 5, "Skipped" = -1, "I don't know" = -2),
  na_values = c(-1, -2), label = "I like going to school.")
d$free_time <- labelled_spss(d$free_time, labels = c("Not happy at all" = 1, "Not happy" = 2, "OK" = 3, "Happy" = 4, "Very happy" = 5, "Skipped" = -1),
  na_values = c(-1), label = "How happy are you with what you do in your free time?")
d$enough_free_time <- labelled_spss(d$enough_free_time, labels = c("Not true at all" = 1, "Not true" = 2, "A little true" = 3, "True" = 4, "Very true" = 5, "Skipped" = -1, "I don't know" = -2),
  na_values = c(-1, -2), label = "I have enough free time.")
d$place_to_play <- labelled_spss(d$place_to_play, labels = c("Not true at all" = 1, "Not true" = 2, "A little true" = 3, "True" = 4, "Very true" = 5, "Skipped" = -1, "I don't know" = -2),
  na_values = c(-1, -2), label = "Near where I live, there is a nice place to be outside with friends.")
d$safe_home <- labelled_spss(d$safe_home, labels = c("Yes" = 1, "No" = 0, "Skipped" = -1, "I don't know" = -2),
  na_values = c(-1, -2), label = "Do you feel safe at home?")
d$safe_school <- labelled_spss(d$safe_school, labels = c("Yes" = 1, "No" = 0, "Skipped" = -1, "I don't know" = -2),
  na_values = c(-1, -2), label = "Do you feel safe at school?")
d$safe_area <- labelled_spss(d$safe_area, labels = c("Yes" = 1, "No" = 0, "Skipped" = -1, "I don't know" = -2),
  na_values = c(-1, -2), label = "Do you feel safe in your neighbourhood?")
d$bullied <- labelled_spss(d$bullied, labels = c("Never" = 1, "Hardly ever" = 2, "Sometimes" = 3, "Often" = 4, "Always" = 5, "Skipped" = -1, "I don't know" = -2),
  na_values = c(-1, -2), label = "I get bullied: at school, online or somewhere else.")
d$treated_equal <- labelled_spss(d$treated_equal, labels = c("Never" = 1, "Hardly ever" = 2, "Sometimes" = 3, "Often" = 4, "Always" = 5, "Skipped" = -1, "I don't know" = -2),
  na_values = c(-1, -2), label = "Adults treat me as well as other children.")
d$treated_worse <- labelled_spss(d$treated_worse, labels = c("Never" = 1, "Hardly ever" = 2, "Sometimes" = 3, "Often" = 4, "Always" = 5, "Skipped" = -1, "I don't know" = -2),
  na_values = c(-1, -2), label = "I am treated worse because I am different, for example because of my skin colour, religion, language or body.")

# Answers as factors: codes outside the levels (skipped, don't know) become NA.
d_factors <- d
d_factors$life_satisfaction <- factor(as.integer(d$life_satisfaction), levels = c(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
  labels = c("Very bad", "1", "2", "3", "4", "5", "6", "7", "8", "9", "Very good"), ordered = TRUE)
d_factors$felt_happy <- factor(as.integer(d$felt_happy), levels = c(1, 2, 3, 4, 5),
  labels = c("Never", "Hardly ever", "Sometimes", "Often", "Always"), ordered = TRUE)
d_factors$felt_calm <- factor(as.integer(d$felt_calm), levels = c(1, 2, 3, 4, 5),
  labels = c("Never", "Hardly ever", "Sometimes", "Often", "Always"), ordered = TRUE)
d_factors$felt_worried <- factor(as.integer(d$felt_worried), levels = c(1, 2, 3, 4, 5),
  labels = c("Never", "Hardly ever", "Sometimes", "Often", "Always"), ordered = TRUE)
d_factors$felt_sad <- factor(as.integer(d$felt_sad), levels = c(1, 2, 3, 4, 5),
  labels = c("Never", "Hardly ever", "Sometimes", "Often", "Always"), ordered = TRUE)
d_factors$felt_lonely <- factor(as.integer(d$felt_lonely), levels = c(1, 2, 3, 4, 5),
  labels = c("Never", "Hardly ever", "Sometimes", "Often", "Always"), ordered = TRUE)
d_factors$feel_healthy <- factor(as.integer(d$feel_healthy), levels = c(1, 2, 3, 4, 5),
  labels = c("Not true at all", "Not true", "A little true", "True", "Very true"), ordered = TRUE)
d_factors$friends_enough <- factor(as.integer(d$friends_enough), levels = c(1, 2, 3, 4, 5),
  labels = c("Not true at all", "Not true", "A little true", "True", "Very true"), ordered = TRUE)
d_factors$friends_help <- factor(as.integer(d$friends_help), levels = c(1, 2, 3, 4, 5),
  labels = c("Not true at all", "Not true", "A little true", "True", "Very true"), ordered = TRUE)
d_factors$family_cares <- factor(as.integer(d$family_cares), levels = c(1, 2, 3, 4, 5),
  labels = c("Not true at all", "Not true", "A little true", "True", "Very true"), ordered = TRUE)
d_factors$family_fun <- factor(as.integer(d$family_fun), levels = c(1, 2, 3, 4, 5),
  labels = c("Not true at all", "Not true", "A little true", "True", "Very true"), ordered = TRUE)
d_factors$school_like <- factor(as.integer(d$school_like), levels = c(1, 2, 3, 4, 5),
  labels = c("Not true at all", "Not true", "A little true", "True", "Very true"), ordered = TRUE)
d_factors$free_time <- factor(as.integer(d$free_time), levels = c(1, 2, 3, 4, 5),
  labels = c("Not happy at all", "Not happy", "OK", "Happy", "Very happy"), ordered = TRUE)
d_factors$enough_free_time <- factor(as.integer(d$enough_free_time), levels = c(1, 2, 3, 4, 5),
  labels = c("Not true at all", "Not true", "A little true", "True", "Very true"), ordered = TRUE)
d_factors$place_to_play <- factor(as.integer(d$place_to_play), levels = c(1, 2, 3, 4, 5),
  labels = c("Not true at all", "Not true", "A little true", "True", "Very true"), ordered = TRUE)
d_factors$safe_home <- factor(as.integer(d$safe_home), levels = c(1, 0),
  labels = c("Yes", "No"), ordered = FALSE)
d_factors$safe_school <- factor(as.integer(d$safe_school), levels = c(1, 0),
  labels = c("Yes", "No"), ordered = FALSE)
d_factors$safe_area <- factor(as.integer(d$safe_area), levels = c(1, 0),
  labels = c("Yes", "No"), ordered = FALSE)
d_factors$bullied <- factor(as.integer(d$bullied), levels = c(1, 2, 3, 4, 5),
  labels = c("Never", "Hardly ever", "Sometimes", "Often", "Always"), ordered = TRUE)
d_factors$treated_equal <- factor(as.integer(d$treated_equal), levels = c(1, 2, 3, 4, 5),
  labels = c("Never", "Hardly ever", "Sometimes", "Often", "Always"), ordered = TRUE)
d_factors$treated_worse <- factor(as.integer(d$treated_worse), levels = c(1, 2, 3, 4, 5),
  labels = c("Never", "Hardly ever", "Sometimes", "Often", "Always"), ordered = TRUE)

# The design: sessions as clusters, population weights (the survey package).
# The missing codes are NA in des, so svymean(..., na.rm = TRUE) is the mean of real answers.
if (requireNamespace("survey", quietly = TRUE)) {
  des <- survey::svydesign(ids = ~psu, weights = ~weight,
    data = as.data.frame(zap_labels(zap_missing(d))))
  # survey::svymean(~life_satisfaction, des, na.rm = TRUE)
}
