package httpkit

import (
	"html/template"
	"path"
	"text/template/parse"
)

// pageSet parses the page file p on its own and adds to it copies of the
// templates of base (the layouts and partials) that it can reach: every
// template the layouts define, since any of them may be the entry a
// handler renders the page through, and every partial that one of those,
// or one of the page's own templates, calls, directly or through another
// partial. A template the page defines itself wins over the base's of the
// same name, as it would if the page were parsed over a clone of the base.
//
// Cloning the whole base for each page copied every partial's parse tree
// into every page's set (html/template copies the trees, since escaping
// rewrites them): most of an empty server's heap.
func (v *views) pageSet(base *template.Template, layouts map[string]bool, p string) (*template.Template, error) {
	t, err := template.New("").Funcs(v.funcs).ParseFS(v.fsys, p)
	if err != nil {
		return nil, err
	}
	var todo []*parse.Tree
	for _, x := range t.Templates() {
		if x.Tree != nil {
			todo = append(todo, x.Tree)
		}
	}
	want := map[string]bool{} // the base's templates the page needs and does not define
	for _, x := range base.Templates() {
		if x.Tree != nil && layouts[x.Tree.ParseName] && t.Lookup(x.Name()) == nil {
			want[x.Name()] = true
			todo = append(todo, x.Tree)
		}
	}
	for len(todo) > 0 {
		tree := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		calls(tree.Root, func(name string) {
			if want[name] || t.Lookup(name) != nil {
				return
			}
			if x := base.Lookup(name); x != nil && x.Tree != nil {
				want[name] = true
				todo = append(todo, x.Tree)
			}
		})
	}
	for name := range want {
		if _, err := t.AddParseTree(name, base.Lookup(name).Tree.Copy()); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// calls reports the name of every template that n calls with {{template}}
// or {{block}}, in its branches too.
func calls(n parse.Node, call func(string)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			calls(c, call)
		}
	case *parse.TemplateNode:
		call(n.Name)
	case *parse.IfNode:
		calls(n.List, call)
		calls(n.ElseList, call)
	case *parse.RangeNode:
		calls(n.List, call)
		calls(n.ElseList, call)
	case *parse.WithNode:
		calls(n.List, call)
		calls(n.ElseList, call)
	}
}

// layoutFiles are the base names of the layout files, as the templates
// they define name the file they were parsed from (parse.Tree.ParseName).
func layoutFiles(files []string) map[string]bool {
	m := map[string]bool{}
	for _, f := range files {
		m[path.Base(f)] = true
	}
	return m
}
