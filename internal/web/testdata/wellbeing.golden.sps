* Kinderstem microdata: How are you?.
* Made by Kinderstem from the codebook of kinderstem-wellbeing.csv.

SET DECIMAL=DOT.
GET DATA
  /TYPE=TXT
  /FILE='kinderstem-wellbeing.csv'
  /ENCODING='UTF8'
  /ARRANGEMENT=DELIMITED
  /DELCASE=LINE
  /FIRSTCASE=2
  /DELIMITERS=','
  /QUALIFIER='"'
  /VARIABLES=
    submission A255
    survey A255
    survey_version F8.0
    session A255
    setting A255
    region A255
    province A255
    age_band A255
    age F8.0
    gender A255
    quarter A255
    lang A255
    complete A5
    paper A5
    psu A255
    weight F12.6
    life_satisfaction F8.0
    felt_happy F8.0
    felt_calm F8.0
    felt_worried F8.0
    felt_sad F8.0
    felt_lonely F8.0
    feel_healthy F8.0
    friends_enough F8.0
    friends_help F8.0
    family_cares F8.0
    family_fun F8.0
    school_like F8.0
    free_time F8.0
    enough_free_time F8.0
    place_to_play F8.0
    safe_home F8.0
    safe_school F8.0
    safe_area F8.0
    bullied F8.0
    treated_equal F8.0
    treated_worse F8.0
.

VARIABLE LABELS
  submission 'A random id of the row, made for this export only: not the order of arrival, and not the same in another export.'
  survey 'Survey id.'
  survey_version 'Version of the survey the child answered.'
  session 'Pseudonym of the session (a group of children answering together), made for this export only; empty where suppressed (fewer than 5 rows would share it).'
  setting 'Where the session took place.'
  region 'Always empty in this file: municipalities are recoded to their province (see province).'
  province 'Province of the region (Brussels-Capital Region as ''04000''), as a NIS code.'
  age_band 'Age band: from the child''s age when given, else the session''s band.'
  age 'Always empty in this file: ages are recoded to their band (see age_band).'
  gender 'Gender as the child chose to say it; empty where suppressed (fewer than 5 rows would share it).'
  quarter 'Quarter the answers arrived, as 2026-Q1 (the month is recoded to its quarter).'
  lang 'Language the child answered in (BCP 47).'
  complete 'true when no question was skipped ("don''t know" counts as an answer).'
  paper 'true when the child filled in a paper questionnaire that a worker typed in twice (the two typings compared); false when the child answered on a screen. Empty where the session is left out, and in a session that mixed paper and screens, where it would'
  psu 'The primary sampling unit of the design: the session pseudonym, or the row id where the session was left out (the row is then a cluster of its own). Declare the design with sessions as clusters: the R, Stata and SPSS files that come with this file do'
  weight 'Population weight of the row: its class of province × age band × sex weighted to the imported population table, exactly as weights=population weights the indicators (a row whose gender or province was left out gets the weight of what it shows). 1 f'
  life_satisfaction 'How happy are you with your life as a whole?'
  felt_happy 'In the last two weeks, I felt happy.'
  felt_calm 'In the last two weeks, I felt calm.'
  felt_worried 'In the last two weeks, I was worried.'
  felt_sad 'In the last two weeks, I felt sad.'
  felt_lonely 'In the last two weeks, I felt lonely.'
  feel_healthy 'I feel healthy.'
  friends_enough 'I have enough friends.'
  friends_help 'When things are hard for me, my friends help me.'
  family_cares 'At home, they take good care of me.'
  family_fun 'At home, we have a good time together.'
  school_like 'I like going to school.'
  free_time 'How happy are you with what you do in your free time?'
  enough_free_time 'I have enough free time.'
  place_to_play 'Near where I live, there is a nice place to be outside with friends.'
  safe_home 'Do you feel safe at home?'
  safe_school 'Do you feel safe at school?'
  safe_area 'Do you feel safe in your neighbourhood?'
  bullied 'I get bullied: at school, online or somewhere else.'
  treated_equal 'Adults treat me as well as other children.'
  treated_worse 'I am treated worse because I am different, for example because of my skin colour, religion, language or body.'.

VALUE LABELS
  setting
    'school' 'School'
    'youth_work' 'Youth work'
    'youth_care' 'Youth care'
    'residential_care' 'Residential care'
    'closed_institution' 'Community institution or closed youth setting'
    'asylum_reception' 'Asylum reception'
    'disability_care' 'Disability care'
    'mental_health_care' 'Mental-health care'
    'hospital_school' 'Hospital school'
    'other' 'Other'
  /age_band
    '6-9' '6-9'
    '10-13' '10-13'
    '14-17' '14-17'
  /gender
    'girl' 'Girls'
    'boy' 'Boys'
    'other' 'Other'
    'skip' 'Not said'
  /life_satisfaction
    0 'Very bad'
    1 '1'
    2 '2'
    3 '3'
    4 '4'
    5 '5'
    6 '6'
    7 '7'
    8 '8'
    9 '9'
    10 'Very good'
    -1 'Skipped'
  /felt_happy
    1 'Never'
    2 'Hardly ever'
    3 'Sometimes'
    4 'Often'
    5 'Always'
    -1 'Skipped'
    -2 'I don''t know'
  /felt_calm
    1 'Never'
    2 'Hardly ever'
    3 'Sometimes'
    4 'Often'
    5 'Always'
    -1 'Skipped'
    -2 'I don''t know'
  /felt_worried
    1 'Never'
    2 'Hardly ever'
    3 'Sometimes'
    4 'Often'
    5 'Always'
    -1 'Skipped'
    -2 'I don''t know'
  /felt_sad
    1 'Never'
    2 'Hardly ever'
    3 'Sometimes'
    4 'Often'
    5 'Always'
    -1 'Skipped'
    -2 'I don''t know'
  /felt_lonely
    1 'Never'
    2 'Hardly ever'
    3 'Sometimes'
    4 'Often'
    5 'Always'
    -1 'Skipped'
    -2 'I don''t know'
  /feel_healthy
    1 'Not true at all'
    2 'Not true'
    3 'A little true'
    4 'True'
    5 'Very true'
    -1 'Skipped'
    -2 'I don''t know'
  /friends_enough
    1 'Not true at all'
    2 'Not true'
    3 'A little true'
    4 'True'
    5 'Very true'
    -1 'Skipped'
    -2 'I don''t know'
  /friends_help
    1 'Not true at all'
    2 'Not true'
    3 'A little true'
    4 'True'
    5 'Very true'
    -1 'Skipped'
    -2 'I don''t know'
  /family_cares
    1 'Not true at all'
    2 'Not true'
    3 'A little true'
    4 'True'
    5 'Very true'
    -1 'Skipped'
    -2 'I don''t know'
  /family_fun
    1 'Not true at all'
    2 'Not true'
    3 'A little true'
    4 'True'
    5 'Very true'
    -1 'Skipped'
    -2 'I don''t know'
  /school_like
    1 'Not true at all'
    2 'Not true'
    3 'A little true'
    4 'True'
    5 'Very true'
    -1 'Skipped'
    -2 'I don''t know'
  /free_time
    1 'Not happy at all'
    2 'Not happy'
    3 'OK'
    4 'Happy'
    5 'Very happy'
    -1 'Skipped'
  /enough_free_time
    1 'Not true at all'
    2 'Not true'
    3 'A little true'
    4 'True'
    5 'Very true'
    -1 'Skipped'
    -2 'I don''t know'
  /place_to_play
    1 'Not true at all'
    2 'Not true'
    3 'A little true'
    4 'True'
    5 'Very true'
    -1 'Skipped'
    -2 'I don''t know'
  /safe_home
    1 'Yes'
    0 'No'
    -1 'Skipped'
    -2 'I don''t know'
  /safe_school
    1 'Yes'
    0 'No'
    -1 'Skipped'
    -2 'I don''t know'
  /safe_area
    1 'Yes'
    0 'No'
    -1 'Skipped'
    -2 'I don''t know'
  /bullied
    1 'Never'
    2 'Hardly ever'
    3 'Sometimes'
    4 'Often'
    5 'Always'
    -1 'Skipped'
    -2 'I don''t know'
  /treated_equal
    1 'Never'
    2 'Hardly ever'
    3 'Sometimes'
    4 'Often'
    5 'Always'
    -1 'Skipped'
    -2 'I don''t know'
  /treated_worse
    1 'Never'
    2 'Hardly ever'
    3 'Sometimes'
    4 'Often'
    5 'Always'
    -1 'Skipped'
    -2 'I don''t know'
.
MISSING VALUES life_satisfaction (-1).
MISSING VALUES felt_happy (-1, -2).
MISSING VALUES felt_calm (-1, -2).
MISSING VALUES felt_worried (-1, -2).
MISSING VALUES felt_sad (-1, -2).
MISSING VALUES felt_lonely (-1, -2).
MISSING VALUES feel_healthy (-1, -2).
MISSING VALUES friends_enough (-1, -2).
MISSING VALUES friends_help (-1, -2).
MISSING VALUES family_cares (-1, -2).
MISSING VALUES family_fun (-1, -2).
MISSING VALUES school_like (-1, -2).
MISSING VALUES free_time (-1).
MISSING VALUES enough_free_time (-1, -2).
MISSING VALUES place_to_play (-1, -2).
MISSING VALUES safe_home (-1, -2).
MISSING VALUES safe_school (-1, -2).
MISSING VALUES safe_area (-1, -2).
MISSING VALUES bullied (-1, -2).
MISSING VALUES treated_equal (-1, -2).
MISSING VALUES treated_worse (-1, -2).
VARIABLE LEVEL submission survey session setting region province gender quarter lang complete paper psu safe_home safe_school safe_area (NOMINAL).
VARIABLE LEVEL age_band life_satisfaction felt_happy felt_calm felt_worried felt_sad felt_lonely feel_healthy friends_enough friends_help family_cares family_fun school_like free_time enough_free_time place_to_play bullied treated_equal treated_worse (ORDINAL).
VARIABLE LEVEL survey_version age weight (SCALE).
EXECUTE.

* The design for SPSS Complex Samples: sessions as clusters, population weights.
* PSPP has no Complex Samples; in SPSS remove the asterisk before each line below.
* CSPLAN ANALYSIS /PLAN FILE='kinderstem-wellbeing.csaplan'
*   /PLANVARS ANALYSISWEIGHT=weight /DESIGN CLUSTER=psu /ESTIMATOR TYPE=WR.
* CSDESCRIPTIVES /PLAN FILE='kinderstem-wellbeing.csaplan' /SUMMARY VARIABLES=life_satisfaction /MEAN.
