package survey

import "slices"

// Pictogram is one pictogram an item can name for its easy-read wording:
// an OpenMoji drawing (static/pictograms/NAME.svg; the README there
// records its source, version and licence).
type Pictogram struct {
	Name     string // what an item writes: pictogram: school
	OpenMoji string // the OpenMoji hexcode the file was taken from
	Shows    string // what it shows, in English, for the README and authors
}

// Pictograms are the pictograms an item can name, in the order the README
// lists them. A test checks that each has its file and no file is left
// without a name.
var Pictograms = []Pictogram{
	{"home", "1F3E0", "a house"},
	{"listen", "1F442", "an ear"},
	{"school", "1F3EB", "a school building"},
	{"teacher", "1F9D1-200D-1F3EB", "a teacher at a board"},
	{"speak", "1F5E3", "a head speaking"},
	{"vote", "1F5F3", "a ballot box"},
	{"town_hall", "1F3DB", "a town hall"},
	{"clothes", "1F455", "a T-shirt"},
	{"change", "1F504", "arrows going round"},
	{"talk", "1F4AC", "a speech balloon"},
	{"opinion", "1F4AD", "a thought balloon"},
	{"friends", "1F9D1-200D-1F91D-200D-1F9D1", "two people holding hands"},
	{"search", "1F50D", "a magnifying glass"},
	{"help", "1F64B", "a person raising a hand"},
	{"rights", "1F4DC", "a scroll"},
	{"write", "270F", "a pencil"},
	{"why", "2753", "a question mark"},
	{"understand", "1F4A1", "a light bulb"},
	{"care", "1FAF6", "hands making a heart"},
	{"file", "1F4C1", "a folder"},
	{"trust", "1F91D", "a handshake"},
	{"fair", "2696", "a balance"},
	{"good", "1F44D", "a thumb up"},
	{"complaint", "1F4DD", "a note being written"},
	{"safe", "1F6E1", "a shield"},
	{"family", "1F46A", "a family"},
	{"life", "1F308", "a rainbow"},
	{"happy", "1F60A", "a smiling face"},
	{"calm", "1F60C", "a calm face"},
	{"worried", "1F61F", "a worried face"},
	{"sad", "1F622", "a crying face"},
	{"alone", "1F464", "one person alone"},
	{"healthy", "1F4AA", "a strong arm"},
	{"hug", "1F917", "a hugging face"},
	{"games", "1F3B2", "a die"},
	{"play", "26BD", "a football"},
	{"time", "23F0", "an alarm clock"},
	{"playground", "1F6DD", "a playground slide"},
	{"neighbourhood", "1F3D8", "houses"},
	{"bully", "1F44A", "a fist"},
	{"others", "1F465", "two people"},
}

// PictogramNames lists the names of Pictograms.
func PictogramNames() []string {
	out := make([]string, len(Pictograms))
	for i, p := range Pictograms {
		out[i] = p.Name
	}
	return out
}

// IsPictogram reports whether name is one of Pictograms.
func IsPictogram(name string) bool {
	return slices.ContainsFunc(Pictograms, func(p Pictogram) bool { return p.Name == name })
}
