// Package golangci registers memlint's Go analyzer as a golangci-lint
// module plugin named memlint. Build a custom golangci-lint with it
// (golangci-lint custom, reading .custom-gcl.yml):
//
//	version: v2.15.0
//	plugins:
//	  - module: github.com/memlint/memlint
//	    import: github.com/memlint/memlint/analysis/memlint/golangci
//	    version: <a memlint version>
//
// and enable it in .golangci.yml:
//
//	linters:
//	  enable: [memlint]
//	  settings:
//	    custom:
//	      memlint:
//	        type: module
//	        description: memlint's rules on policies passed to the AWS SDK for Go
//	        settings:
//	          disable: [ML602]   # optional: rule IDs or slugs not to report
package golangci

import (
	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/memlint/memlint/analysis/memlint"
)

func init() {
	register.Plugin("memlint", New)
}

// Settings are the plugin's settings in .golangci.yml.
type Settings struct {
	// Disable names rules (IDs or slugs) not to report.
	Disable []string `json:"disable"`
}

// Plugin is the memlint linter plugin.
type Plugin struct {
	settings Settings
}

// New makes the plugin from its settings (an unknown setting is an error).
func New(settings any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](settings)
	if err != nil {
		return nil, err
	}
	return &Plugin{settings: s}, nil
}

// BuildAnalyzers returns memlint's analyzer with the plugin's settings.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return []*analysis.Analyzer{memlint.New(memlint.Options{Disable: p.settings.Disable})}, nil
}

// GetLoadMode asks for type information: the analyzer tells SDK types by
// their package, not their name.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
