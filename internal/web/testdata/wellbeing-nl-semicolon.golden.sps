* Kinderstem microdata: Hoe gaat het met jou?.
* Made by Kinderstem from the codebook of kinderstem-wellbeing.csv.

SET DECIMAL=COMMA.
GET DATA
  /TYPE=TXT
  /FILE='kinderstem-wellbeing.csv'
  /ENCODING='UTF8'
  /ARRANGEMENT=DELIMITED
  /DELCASE=LINE
  /FIRSTCASE=2
  /DELIMITERS=';'
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
  submission 'Een willekeurige id van de rij, alleen voor deze export gemaakt: niet de volgorde van aankomst, en niet dezelfde in een andere export.'
  survey 'Id van de vragenlijst.'
  survey_version 'Versie van de vragenlijst die het kind beantwoordde.'
  session 'Pseudoniem van de sessie (een groep kinderen die samen antwoordt), alleen voor deze export gemaakt; leeg waar onderdrukt (minder dan 5 rijen zouden het delen).'
  setting 'Waar de sessie plaatsvond.'
  region 'Altijd leeg in dit bestand: gemeenten zijn hercodeerd naar hun provincie (zie province).'
  province 'Provincie van de regio (het Brussels Hoofdstedelijk Gewest als ''04000''), als NIS-code.'
  age_band 'Leeftijdsgroep: uit de leeftijd van het kind als die gegeven is, anders de groep van de sessie.'
  age 'Altijd leeg in dit bestand: leeftijden zijn hercodeerd naar hun leeftijdsgroep (zie age_band).'
  gender 'Gender zoals het kind het wilde zeggen; leeg waar onderdrukt (minder dan 5 rijen zouden het delen).'
  quarter 'Kwartaal waarin de antwoorden aankwamen, als 2026-Q1 (de maand is hercodeerd naar haar kwartaal).'
  lang 'Taal waarin het kind antwoordde (BCP 47).'
  complete 'true als geen vraag overgeslagen is ("ik weet het niet" telt als antwoord).'
  paper 'true als het kind een papieren vragenlijst invulde die een begeleider twee keer intypte (de twee keer vergeleken); false als het kind op een scherm antwoordde. Leeg waar de sessie weggelaten is, en in een sessie die papier en schermen mengde, waar he'
  psu 'De primaire steekproefeenheid van het design: het pseudoniem van de sessie, of het rij-id waar de sessie is weggelaten (de rij is dan een eigen cluster). Declareer het design met sessies als clusters: de R-, Stata- en SPSS-bestanden bij dit bestand d'
  weight 'Bevolkingsgewicht van de rij: de klasse provincie × leeftijdsgroep × geslacht gewogen naar de ingelezen bevolkingstabel, precies zoals weights=population de indicatoren weegt (een rij zonder geslacht of provincie krijgt het gewicht van wat ze toont'
  life_satisfaction 'Hoe tevreden ben je met je leven, alles samen?'
  felt_happy 'De voorbije twee weken was ik blij.'
  felt_calm 'De voorbije twee weken voelde ik me rustig.'
  felt_worried 'De voorbije twee weken maakte ik me zorgen.'
  felt_sad 'De voorbije twee weken was ik verdrietig.'
  felt_lonely 'De voorbije twee weken voelde ik me eenzaam.'
  feel_healthy 'Ik voel me gezond.'
  friends_enough 'Ik heb genoeg vrienden.'
  friends_help 'Als ik het moeilijk heb, helpen mijn vrienden mij.'
  family_cares 'Thuis zorgen ze goed voor mij.'
  family_fun 'Thuis hebben we het fijn samen.'
  school_like 'Ik ga graag naar school.'
  free_time 'Hoe blij ben je met wat je in je vrije tijd doet?'
  enough_free_time 'Ik heb genoeg vrije tijd.'
  place_to_play 'In mijn buurt is er een fijne plek om buiten te zijn met vrienden.'
  safe_home 'Voel je je veilig thuis?'
  safe_school 'Voel je je veilig op school?'
  safe_area 'Voel je je veilig in je buurt?'
  bullied 'Ik word gepest: op school, online of ergens anders.'
  treated_equal 'Volwassenen behandelen mij even goed als andere kinderen.'
  treated_worse 'Ik word slechter behandeld omdat ik anders ben, bijvoorbeeld door mijn huidskleur, geloof, taal of lichaam.'.

VALUE LABELS
  setting
    'school' 'School'
    'youth_work' 'Jeugdwerk'
    'youth_care' 'Jeugdhulp'
    'residential_care' 'Leefgroep of residentiële zorg'
    'closed_institution' 'Gemeenschapsinstelling of gesloten jeugdvoorziening'
    'asylum_reception' 'Asielopvang'
    'disability_care' 'Zorg voor kinderen met een handicap'
    'mental_health_care' 'Geestelijke gezondheidszorg'
    'hospital_school' 'Ziekenhuisschool'
    'other' 'Andere'
  /age_band
    '6-9' '6-9'
    '10-13' '10-13'
    '14-17' '14-17'
  /gender
    'girl' 'Meisjes'
    'boy' 'Jongens'
    'other' 'Anders'
    'skip' 'Niet gezegd'
  /life_satisfaction
    0 'Heel slecht'
    1 '1'
    2 '2'
    3 '3'
    4 '4'
    5 '5'
    6 '6'
    7 '7'
    8 '8'
    9 '9'
    10 'Heel goed'
    -1 'Overgeslagen'
  /felt_happy
    1 'Nooit'
    2 'Bijna nooit'
    3 'Soms'
    4 'Vaak'
    5 'Altijd'
    -1 'Overgeslagen'
    -2 'Weet ik niet'
  /felt_calm
    1 'Nooit'
    2 'Bijna nooit'
    3 'Soms'
    4 'Vaak'
    5 'Altijd'
    -1 'Overgeslagen'
    -2 'Weet ik niet'
  /felt_worried
    1 'Nooit'
    2 'Bijna nooit'
    3 'Soms'
    4 'Vaak'
    5 'Altijd'
    -1 'Overgeslagen'
    -2 'Weet ik niet'
  /felt_sad
    1 'Nooit'
    2 'Bijna nooit'
    3 'Soms'
    4 'Vaak'
    5 'Altijd'
    -1 'Overgeslagen'
    -2 'Weet ik niet'
  /felt_lonely
    1 'Nooit'
    2 'Bijna nooit'
    3 'Soms'
    4 'Vaak'
    5 'Altijd'
    -1 'Overgeslagen'
    -2 'Weet ik niet'
  /feel_healthy
    1 'Helemaal niet waar'
    2 'Niet waar'
    3 'Een beetje waar'
    4 'Waar'
    5 'Helemaal waar'
    -1 'Overgeslagen'
    -2 'Weet ik niet'
  /friends_enough
    1 'Helemaal niet waar'
    2 'Niet waar'
    3 'Een beetje waar'
    4 'Waar'
    5 'Helemaal waar'
    -1 'Overgeslagen'
    -2 'Weet ik niet'
  /friends_help
    1 'Helemaal niet waar'
    2 'Niet waar'
    3 'Een beetje waar'
    4 'Waar'
    5 'Helemaal waar'
    -1 'Overgeslagen'
    -2 'Weet ik niet'
  /family_cares
    1 'Helemaal niet waar'
    2 'Niet waar'
    3 'Een beetje waar'
    4 'Waar'
    5 'Helemaal waar'
    -1 'Overgeslagen'
    -2 'Weet ik niet'
  /family_fun
    1 'Helemaal niet waar'
    2 'Niet waar'
    3 'Een beetje waar'
    4 'Waar'
    5 'Helemaal waar'
    -1 'Overgeslagen'
    -2 'Weet ik niet'
  /school_like
    1 'Helemaal niet waar'
    2 'Niet waar'
    3 'Een beetje waar'
    4 'Waar'
    5 'Helemaal waar'
    -1 'Overgeslagen'
    -2 'Weet ik niet'
  /free_time
    1 'Helemaal niet blij'
    2 'Niet blij'
    3 'Gaat wel'
    4 'Blij'
    5 'Heel blij'
    -1 'Overgeslagen'
  /enough_free_time
    1 'Helemaal niet waar'
    2 'Niet waar'
    3 'Een beetje waar'
    4 'Waar'
    5 'Helemaal waar'
    -1 'Overgeslagen'
    -2 'Weet ik niet'
  /place_to_play
    1 'Helemaal niet waar'
    2 'Niet waar'
    3 'Een beetje waar'
    4 'Waar'
    5 'Helemaal waar'
    -1 'Overgeslagen'
    -2 'Weet ik niet'
  /safe_home
    1 'Ja'
    0 'Nee'
    -1 'Overgeslagen'
    -2 'Weet ik niet'
  /safe_school
    1 'Ja'
    0 'Nee'
    -1 'Overgeslagen'
    -2 'Weet ik niet'
  /safe_area
    1 'Ja'
    0 'Nee'
    -1 'Overgeslagen'
    -2 'Weet ik niet'
  /bullied
    1 'Nooit'
    2 'Bijna nooit'
    3 'Soms'
    4 'Vaak'
    5 'Altijd'
    -1 'Overgeslagen'
    -2 'Weet ik niet'
  /treated_equal
    1 'Nooit'
    2 'Bijna nooit'
    3 'Soms'
    4 'Vaak'
    5 'Altijd'
    -1 'Overgeslagen'
    -2 'Weet ik niet'
  /treated_worse
    1 'Nooit'
    2 'Bijna nooit'
    3 'Soms'
    4 'Vaak'
    5 'Altijd'
    -1 'Overgeslagen'
    -2 'Weet ik niet'
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
