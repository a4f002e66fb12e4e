// Package kinderstem holds the assets that ship inside the binary.
//
// The embed directive cannot reach "..", so this root file is the only place that can
// embed the four asset folders; every loader below takes the fs.FS it returns.
package kinderstem

import (
	"embed"
	"io/fs"
)

//go:embed templates static locales surveys
var assets embed.FS

// Assets returns the embedded templates, static files, locales and surveys,
// rooted so that "templates/base.html" and "surveys/wellbeing.yaml" resolve.
func Assets() fs.FS { return assets }
