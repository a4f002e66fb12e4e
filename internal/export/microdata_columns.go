package export

// The microdata's columns before the answers, defined once: their order
// is the file's (CSV, Parquet, XLSX), their name, type and protection go
// into the codebook (datapackage.json, the codebook page, the Parquet
// file's metadata) and the SPSS, Stata and R files, and head fills a row
// by these indexes. A column added here appears in every one of them.
const (
	colSubmission = iota
	colSurvey
	colSurveyVersion
	colSession
	colSetting
	colRegion
	colProvince
	colAgeBand
	colAge
	colGender
	colQuarter
	colLang
	colComplete
	colPaper
	colPSU
	colWeight
	nFixed
)

// The protections a microdata column may have, as the codebook names
// them (microdata_sdc.go says how each is done).
const (
	// ProtectPseudonym: a random value made for this export only (row
	// ids, session pseudonyms), linking nothing across exports.
	ProtectPseudonym = "pseudonym"
	// ProtectRecoded: coarsened before anything else (age to band,
	// municipality to province, month to quarter).
	ProtectRecoded = "recoded"
	// ProtectSuppressed: left empty in a row whose combination of shown
	// values would hold fewer than MicroK rows, or whose blank would mark
	// a rare child.
	ProtectSuppressed = "suppressed"
	// ProtectWithheld: never filled in this file (kept only to say where
	// the recoded value went).
	ProtectWithheld = "withheld"
)

// Protections lists every protection a column may name, in the order the
// codebook explains them.
var Protections = []string{ProtectPseudonym, ProtectRecoded, ProtectSuppressed, ProtectWithheld}

type fixedColumn struct {
	name, typ  string
	protection []string
}

var fixed = [nFixed]fixedColumn{
	colSubmission:    {"submission", "string", []string{ProtectPseudonym}},
	colSurvey:        {"survey", "string", nil},
	colSurveyVersion: {"survey_version", "integer", nil},
	colSession:       {"session", "string", []string{ProtectPseudonym, ProtectSuppressed}},
	colSetting:       {"setting", "string", []string{ProtectSuppressed}},
	colRegion:        {"region", "string", []string{ProtectWithheld}},
	colProvince:      {"province", "string", []string{ProtectRecoded, ProtectSuppressed}},
	colAgeBand:       {"age_band", "string", []string{ProtectRecoded, ProtectSuppressed}},
	colAge:           {"age", "integer", []string{ProtectWithheld}},
	colGender:        {"gender", "string", []string{ProtectSuppressed}},
	colQuarter:       {"quarter", "string", []string{ProtectRecoded, ProtectSuppressed}},
	colLang:          {"lang", "string", []string{ProtectSuppressed}},
	colComplete:      {"complete", "boolean", nil},
	colPaper:         {"paper", "boolean", []string{ProtectSuppressed}},
	colPSU:           {"psu", "string", []string{ProtectPseudonym}},
	colWeight:        {"weight", "number", nil},
}
