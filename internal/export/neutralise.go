package export

// Neutralise keeps a text from becoming a live formula when a spreadsheet
// opens the file: OWASP's rule for CSV injection. A text that starts with
// =, +, -, @, a tab or a carriage return gets a leading apostrophe, which
// spreadsheets show as text and do not evaluate. Every CSV and XLSX writer
// of this package passes its texts through here; numbers are written as
// numbers and never changed.
func Neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
