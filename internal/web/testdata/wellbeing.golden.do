* Kinderstem microdata: How are you?
* Made by Kinderstem from the codebook of kinderstem-wellbeing.csv.

import delimited using `"kinderstem-wellbeing.csv"', delimiters(",") stringcols(1 2 4 5 6 7 8 10 11 12 15) varnames(1) encoding("utf-8") case(preserve) clear

label variable submission `"A random id of the row, made for this export only: not the order of arrival, and"'
label variable survey `"Survey id."'
label variable survey_version `"Version of the survey the child answered."'
label variable session `"Pseudonym of the session (a group of children answering together), made for this"'
label variable setting `"Where the session took place."'
label variable region `"Always empty in this file: municipalities are recoded to their province (see pro"'
label variable province `"Province of the region (Brussels-Capital Region as '04000'), as a NIS code."'
label variable age_band `"Age band: from the child's age when given, else the session's band."'
label variable age `"Always empty in this file: ages are recoded to their band (see age_band)."'
label variable gender `"Gender as the child chose to say it; empty where suppressed (fewer than 5 rows w"'
label variable quarter `"Quarter the answers arrived, as 2026-Q1 (the month is recoded to its quarter)."'
label variable lang `"Language the child answered in (BCP 47)."'
label variable complete `"true when no question was skipped ("don't know" counts as an answer)."'
label variable paper `"true when the child filled in a paper questionnaire that a worker typed in twice"'
label variable psu `"The primary sampling unit of the design: the session pseudonym, or the row id wh"'
label variable weight `"Population weight of the row: its class of province × age band × sex weighted "'
label variable life_satisfaction `"How happy are you with your life as a whole?"'
label variable felt_happy `"In the last two weeks, I felt happy."'
label variable felt_calm `"In the last two weeks, I felt calm."'
label variable felt_worried `"In the last two weeks, I was worried."'
label variable felt_sad `"In the last two weeks, I felt sad."'
label variable felt_lonely `"In the last two weeks, I felt lonely."'
label variable feel_healthy `"I feel healthy."'
label variable friends_enough `"I have enough friends."'
label variable friends_help `"When things are hard for me, my friends help me."'
label variable family_cares `"At home, they take good care of me."'
label variable family_fun `"At home, we have a good time together."'
label variable school_like `"I like going to school."'
label variable free_time `"How happy are you with what you do in your free time?"'
label variable enough_free_time `"I have enough free time."'
label variable place_to_play `"Near where I live, there is a nice place to be outside with friends."'
label variable safe_home `"Do you feel safe at home?"'
label variable safe_school `"Do you feel safe at school?"'
label variable safe_area `"Do you feel safe in your neighbourhood?"'
label variable bullied `"I get bullied: at school, online or somewhere else."'
label variable treated_equal `"Adults treat me as well as other children."'
label variable treated_worse `"I am treated worse because I am different, for example because of my skin colour"'
mvdecode life_satisfaction, mv(-1=.a)
label define life_satisfaction 0 `"Very bad"' 1 `"1"' 2 `"2"' 3 `"3"' 4 `"4"' 5 `"5"' 6 `"6"' 7 `"7"' 8 `"8"' 9 `"9"' 10 `"Very good"' .a `"Skipped"', replace
label values life_satisfaction life_satisfaction
mvdecode felt_happy, mv(-1=.a \ -2=.b)
label define felt_happy 1 `"Never"' 2 `"Hardly ever"' 3 `"Sometimes"' 4 `"Often"' 5 `"Always"' .a `"Skipped"' .b `"I don't know"', replace
label values felt_happy felt_happy
mvdecode felt_calm, mv(-1=.a \ -2=.b)
label define felt_calm 1 `"Never"' 2 `"Hardly ever"' 3 `"Sometimes"' 4 `"Often"' 5 `"Always"' .a `"Skipped"' .b `"I don't know"', replace
label values felt_calm felt_calm
mvdecode felt_worried, mv(-1=.a \ -2=.b)
label define felt_worried 1 `"Never"' 2 `"Hardly ever"' 3 `"Sometimes"' 4 `"Often"' 5 `"Always"' .a `"Skipped"' .b `"I don't know"', replace
label values felt_worried felt_worried
mvdecode felt_sad, mv(-1=.a \ -2=.b)
label define felt_sad 1 `"Never"' 2 `"Hardly ever"' 3 `"Sometimes"' 4 `"Often"' 5 `"Always"' .a `"Skipped"' .b `"I don't know"', replace
label values felt_sad felt_sad
mvdecode felt_lonely, mv(-1=.a \ -2=.b)
label define felt_lonely 1 `"Never"' 2 `"Hardly ever"' 3 `"Sometimes"' 4 `"Often"' 5 `"Always"' .a `"Skipped"' .b `"I don't know"', replace
label values felt_lonely felt_lonely
mvdecode feel_healthy, mv(-1=.a \ -2=.b)
label define feel_healthy 1 `"Not true at all"' 2 `"Not true"' 3 `"A little true"' 4 `"True"' 5 `"Very true"' .a `"Skipped"' .b `"I don't know"', replace
label values feel_healthy feel_healthy
mvdecode friends_enough, mv(-1=.a \ -2=.b)
label define friends_enough 1 `"Not true at all"' 2 `"Not true"' 3 `"A little true"' 4 `"True"' 5 `"Very true"' .a `"Skipped"' .b `"I don't know"', replace
label values friends_enough friends_enough
mvdecode friends_help, mv(-1=.a \ -2=.b)
label define friends_help 1 `"Not true at all"' 2 `"Not true"' 3 `"A little true"' 4 `"True"' 5 `"Very true"' .a `"Skipped"' .b `"I don't know"', replace
label values friends_help friends_help
mvdecode family_cares, mv(-1=.a \ -2=.b)
label define family_cares 1 `"Not true at all"' 2 `"Not true"' 3 `"A little true"' 4 `"True"' 5 `"Very true"' .a `"Skipped"' .b `"I don't know"', replace
label values family_cares family_cares
mvdecode family_fun, mv(-1=.a \ -2=.b)
label define family_fun 1 `"Not true at all"' 2 `"Not true"' 3 `"A little true"' 4 `"True"' 5 `"Very true"' .a `"Skipped"' .b `"I don't know"', replace
label values family_fun family_fun
mvdecode school_like, mv(-1=.a \ -2=.b)
label define school_like 1 `"Not true at all"' 2 `"Not true"' 3 `"A little true"' 4 `"True"' 5 `"Very true"' .a `"Skipped"' .b `"I don't know"', replace
label values school_like school_like
mvdecode free_time, mv(-1=.a)
label define free_time 1 `"Not happy at all"' 2 `"Not happy"' 3 `"OK"' 4 `"Happy"' 5 `"Very happy"' .a `"Skipped"', replace
label values free_time free_time
mvdecode enough_free_time, mv(-1=.a \ -2=.b)
label define enough_free_time 1 `"Not true at all"' 2 `"Not true"' 3 `"A little true"' 4 `"True"' 5 `"Very true"' .a `"Skipped"' .b `"I don't know"', replace
label values enough_free_time enough_free_time
mvdecode place_to_play, mv(-1=.a \ -2=.b)
label define place_to_play 1 `"Not true at all"' 2 `"Not true"' 3 `"A little true"' 4 `"True"' 5 `"Very true"' .a `"Skipped"' .b `"I don't know"', replace
label values place_to_play place_to_play
mvdecode safe_home, mv(-1=.a \ -2=.b)
label define safe_home 1 `"Yes"' 0 `"No"' .a `"Skipped"' .b `"I don't know"', replace
label values safe_home safe_home
mvdecode safe_school, mv(-1=.a \ -2=.b)
label define safe_school 1 `"Yes"' 0 `"No"' .a `"Skipped"' .b `"I don't know"', replace
label values safe_school safe_school
mvdecode safe_area, mv(-1=.a \ -2=.b)
label define safe_area 1 `"Yes"' 0 `"No"' .a `"Skipped"' .b `"I don't know"', replace
label values safe_area safe_area
mvdecode bullied, mv(-1=.a \ -2=.b)
label define bullied 1 `"Never"' 2 `"Hardly ever"' 3 `"Sometimes"' 4 `"Often"' 5 `"Always"' .a `"Skipped"' .b `"I don't know"', replace
label values bullied bullied
mvdecode treated_equal, mv(-1=.a \ -2=.b)
label define treated_equal 1 `"Never"' 2 `"Hardly ever"' 3 `"Sometimes"' 4 `"Often"' 5 `"Always"' .a `"Skipped"' .b `"I don't know"', replace
label values treated_equal treated_equal
mvdecode treated_worse, mv(-1=.a \ -2=.b)
label define treated_worse 1 `"Never"' 2 `"Hardly ever"' 3 `"Sometimes"' 4 `"Often"' 5 `"Always"' .a `"Skipped"' .b `"I don't know"', replace
label values treated_worse treated_worse

* The design: sessions as clusters, population weights.
svyset psu [pweight = weight]
* svy: mean life_satisfaction
