package tax

import (
	"gopkg.in/yaml.v3"

	"github.com/incomeledger/income/internal/yamlx"
)

// The shapes of a rules file as written (README.md). They are decoded
// strictly by yamlx (unknown keys, duplicate keys, anchors and aliases are
// errors at their line) and then checked and converted in one pass by
// rules_params.go and rules_regimes.go. Every value is kept as its text with
// its line: numbers become decimals through parseDecimal, never float64. A
// nil pointer is a key not given (a later file changes only what it gives).

// val is one scalar of a rules file, as written, with its line.
type val = yamlx.Value[string]

// at is a decoded mapping with its line, for errors about the whole item.
type at[T any] = yamlx.Value[T]

type rulesDoc struct {
	Countries  yamlx.Map[countryDoc] `yaml:"countries"`
	Parameters yamlx.Map[paramDoc]   `yaml:"parameters"`
	Regimes    yamlx.Map[regimeDoc]  `yaml:"regimes"`
}

type countryDoc struct {
	Name          *val           `yaml:"name"`
	Currency      *val           `yaml:"currency"`
	MinorUnit     *val           `yaml:"minor_unit"`
	DisplayPlaces *val           `yaml:"display_places"`
	Years         *yearsDoc      `yaml:"years"`
	DueDates      *dueDoc        `yaml:"due_dates"`
	Notes         *[]at[noteDoc] `yaml:"notes"`
}

type yearsDoc struct {
	First *val `yaml:"first"`
	Last  *val `yaml:"last"`
}

type dueDoc struct {
	Roll       *val         `yaml:"roll"`
	Reference  *val         `yaml:"reference"`
	Confidence *val         `yaml:"confidence"`
	Note       *val         `yaml:"note"`
	Holidays   *holidaysDoc `yaml:"holidays"`
}

type holidaysDoc struct {
	Reference  *val   `yaml:"reference"`
	Confidence *val   `yaml:"confidence"`
	Note       *val   `yaml:"note"`
	Dates      *[]val `yaml:"dates"`
}

type noteDoc struct {
	Text       *val `yaml:"text"`
	Confidence *val `yaml:"confidence"`
	From       *val `yaml:"from"`
	Until      *val `yaml:"until"`
}

// paramDoc mixes fixed keys with one key per dated entry, so it reads its
// own keys.
type paramDoc struct {
	Description *val
	Unit        *val
	Type        *val
	Within      *at[withinDoc]
	Dated       yamlx.Map[entryDoc]
}

const paramKeys = "description, unit, type, within_year, or a YYYY-MM-DD date"

func (p *paramDoc) UnmarshalYAML(n *yaml.Node) error {
	ps, err := yamlx.Pairs(n, "want a mapping")
	if err != nil {
		return err
	}
	for _, kv := range ps {
		k, v := kv[0], kv[1]
		var dst any
		switch k.Value {
		case "description":
			p.Description = new(val)
			dst = p.Description
		case "unit":
			p.Unit = new(val)
			dst = p.Unit
		case "type":
			p.Type = new(val)
			dst = p.Type
		case "within_year":
			p.Within = new(at[withinDoc])
			dst = p.Within
		default:
			if !isDateKey(k.Value) {
				return yamlx.Errorf(k, "unknown key %q (known: %s)", k.Value, paramKeys)
			}
			p.Dated = append(p.Dated, yamlx.Entry[entryDoc]{Key: k.Value, Line: k.Line})
			dst = &p.Dated[len(p.Dated)-1].V
		}
		if err := yamlx.DecodeNode(v, dst); err != nil {
			return err
		}
	}
	return nil
}

type withinDoc struct {
	Method     *val `yaml:"method"`
	Confidence *val `yaml:"confidence"`
	Note       *val `yaml:"note"`
}

type entryDoc struct {
	Value      *val                   `yaml:"value"`
	Brackets   *yamlx.Map[bracketDoc] `yaml:"brackets"`
	Tiers      *yamlx.Map[bracketDoc] `yaml:"tiers"`
	Reference  *val                   `yaml:"reference"`
	Confidence *val                   `yaml:"confidence"`
	Note       *val                   `yaml:"note"`
}

type bracketDoc struct {
	Lower      *val `yaml:"lower"`
	Upper      *val `yaml:"upper"`
	Rate       *val `yaml:"rate"`
	Confidence *val `yaml:"confidence"`
}

type regimeDoc struct {
	Country     *val               `yaml:"country"`
	Name        *val               `yaml:"name"`
	Method      *val               `yaml:"method"`
	Description *val               `yaml:"description"`
	Base        *val               `yaml:"base"`
	Bases       yamlx.Map[val]     `yaml:"bases"`
	Rounding    *at[roundingDoc]   `yaml:"rounding"`
	Params      yamlx.Map[val]     `yaml:"params"`
	Notes       *[]at[noteDoc]     `yaml:"notes"`
	Deadlines   *[]at[deadlineDoc] `yaml:"deadlines"`
	Line        *lineDoc           `yaml:"line"`
}

type lineDoc struct {
	Key   *val `yaml:"key"`
	Label *val `yaml:"label"`
}

type roundingDoc struct {
	Places *val `yaml:"places"`
	Mode   *val `yaml:"mode"`
}

type deadlineDoc struct {
	Form        *val             `yaml:"form"`
	Every       *val             `yaml:"every"`
	MonthsAfter *val             `yaml:"months_after"`
	Day         *val             `yaml:"day"`
	Periods     *[]at[periodDoc] `yaml:"periods"`
	When        *val             `yaml:"when"`
	From        *val             `yaml:"from"`
	Until       *val             `yaml:"until"`
	YearOffset  *val             `yaml:"year_offset"`
	Roll        *val             `yaml:"roll"`
	Reference   *val             `yaml:"reference"`
	Confidence  *val             `yaml:"confidence"`
	Note        *val             `yaml:"note"`
}

type periodDoc struct {
	Period     *val   `yaml:"period"`
	Due        *val   `yaml:"due"`
	YearOffset *val   `yaml:"year_offset"`
	Months     *[]val `yaml:"months"`
}
