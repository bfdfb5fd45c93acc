package cmd

import (
	"os"
	"runtime/pprof"

	"github.com/spf13/cobra"
)

// startProfile starts a CPU profile when the hidden --cpuprofile flag is set.
func startProfile(d *Deps, c *cobra.Command) error {
	path, _ := c.Flags().GetString("cpuprofile")
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	d.profile = f
	return pprof.StartCPUProfile(f)
}

func stopProfile(d *Deps) {
	if d.profile != nil {
		pprof.StopCPUProfile()
		d.profile.Close()
		d.profile = nil
	}
}
