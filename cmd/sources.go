package cmd

import (
	"context"
	"io"

	"github.com/incomeledger/income/report"
	"github.com/spf13/cobra"
)

type sourcesOptions struct{}

func newSourcesCmd(d *Deps, g *globalOptions, runF func(context.Context, *sourcesOptions) error) *cobra.Command {
	o := &sourcesOptions{}
	return &cobra.Command{
		Use:   "sources",
		Short: "List the built-in importers and bank profiles with what each detects",
		Long:  "List the built-in importers and bank profiles, each with what it detects in a file's content.\n" + exitCodesHelp,
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(c.Context(), o)
			}
			return runSources(c.Context(), d, g, o)
		},
	}
}

func runSources(ctx context.Context, d *Deps, g *globalOptions, o *sourcesOptions) error {
	format, err := d.format("table", "json", "csv")
	if err != nil {
		return err
	}
	type src struct {
		Name    string `json:"name"`
		Detects string `json:"detects"`
	}
	var list []src
	for _, imp := range d.Importers.All() {
		list = append(list, src{imp.Name(), imp.Describe()})
	}
	return g.writeOutput(d, func(out io.Writer) error {
		if format == "json" {
			return writeJSON(out, map[string]any{"sources": list})
		}
		t := report.NewTable(out, format, d.IO.OutTTY, "NAME", "DETECTS")
		for _, s := range list {
			t.Row(s.Name, s.Detects)
		}
		return t.Flush()
	})
}
