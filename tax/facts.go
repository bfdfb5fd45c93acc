package tax

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Facts are what the engine needs to know about the taxpayer beyond the ledger.
// They come from the config file's `tax:` block (DecodeFacts).
type Facts struct {
	Dependants   int             // VN/ID dependants; ID counts at most 3
	Married      bool            // ID PTKP
	Activity     string          // goods | services | production | leasing | digital_content | other (default services)
	NormaPercent decimal.Decimal // ID NPPN deemed-profit %, default "50"
	Expenses     decimal.Decimal // extra deductible expenses, home currency
	FilingStatus string          // US: single (the only one implemented)
	// BusinessMethod is the VN business method from 2026: revenue (default) or
	// income. Config key business_method.
	BusinessMethod string
	// PekerjaanBebas is true when the ID income is from services in
	// connection with pekerjaan bebas (independent professions: consultants,
	// experts, performers, authors...), which PP 55/2022 Art. 56(3)(a) and (4)
	// exclude from the 0.5% final tax. Config key pekerjaan_bebas.
	PekerjaanBebas bool
	// VATReduction says whether the VN business's goods or services are
	// eligible for the temporary 20% cut of the direct-method VAT rate
	// (Decrees 94/2023, 72/2024, 180/2024, 174/2025): eligible, excluded, or
	// "" (not said: the full rate is used and a note explains). Config key
	// vat_reduction.
	VATReduction string
	// ExportShare is the percentage (0-100) of the VN business revenue that
	// is services supplied to clients abroad (exported services), shown as
	// its own VAT line. Config key export_share.
	ExportShare decimal.Decimal
	// ExportVAT overrides the rules' treatment of that revenue: rate (the
	// direct-method rate), zero (0%) or exempt (not subject); "" keeps the
	// rules' choice. Config key export_vat.
	ExportVAT string
}

// Activities are the business activity groups of Facts.Activity.
var Activities = []string{"goods", "services", "production", "leasing", "digital_content", "other"}

// VATReductions are the accepted values of Facts.VATReduction.
var VATReductions = []string{"eligible", "excluded"}

// ExportVATs are the treatments of exported services (Facts.ExportVAT and
// the rules' vn.biz.export_vat).
var ExportVATs = []string{"rate", "zero", "exempt"}

// FilingStatuses are the accepted values of Facts.FilingStatus; Compute
// implements single only.
var FilingStatuses = []string{"single", "married_joint", "married_separate", "head_of_household", "qualifying_surviving_spouse"}

// BusinessMethods are the accepted values of Facts.BusinessMethod.
var BusinessMethods = []string{"revenue", "income"}

// factKeys are the keys of the config's tax: block.
var factKeys = []string{"dependants", "married", "activity", "norma_percent", "expenses", "filing_status", "business_method", "pekerjaan_bebas", "vat_reduction", "export_share", "export_vat"}

// DefaultFacts are the facts of an empty tax: block.
func DefaultFacts() Facts {
	return Facts{Activity: "services", NormaPercent: decimal.NewFromInt(50), Expenses: decimal.Zero, FilingStatus: "single", BusinessMethod: "revenue"}
}

// DecodeFacts decodes the config file's `tax:` block as YAML or Viper give it:
// a map of strings, ints, bools (and floats for numbers written without
// quotes). A key given with no value keeps its default. Unknown keys and bad
// values are errors naming the key as tax.<key>.
func DecodeFacts(raw map[string]any) (Facts, error) {
	f := DefaultFacts()
	for _, rk := range sortedKeys(raw) {
		v := raw[rk]
		k := strings.ToLower(rk) // Viper lowercases keys; plain YAML may not
		key := "tax." + rk
		if !slices.Contains(factKeys, k) {
			return Facts{}, fmt.Errorf("%s: unknown key (known: %s)", key, strings.Join(factKeys, ", "))
		}
		if v == nil {
			continue
		}
		var err error
		switch k {
		case "dependants":
			f.Dependants, err = factInt(v)
			if err == nil && (f.Dependants < 0 || f.Dependants > 99) {
				err = fmt.Errorf("want 0 to 99")
			}
		case "married":
			f.Married, err = factBool(v)
		case "pekerjaan_bebas":
			f.PekerjaanBebas, err = factBool(v)
		case "activity":
			f.Activity, err = factChoice(v, Activities)
		case "filing_status":
			f.FilingStatus, err = factChoice(v, FilingStatuses)
		case "business_method":
			f.BusinessMethod, err = factChoice(v, BusinessMethods)
		case "vat_reduction":
			f.VATReduction, err = factChoice(v, VATReductions)
		case "export_vat":
			f.ExportVAT, err = factChoice(v, ExportVATs)
		case "export_share":
			f.ExportShare, err = factDecimal(v)
			if err == nil && (f.ExportShare.IsNegative() || f.ExportShare.GreaterThan(decimal.NewFromInt(100))) {
				err = fmt.Errorf("want a percentage from 0 to 100")
			}
		case "norma_percent":
			f.NormaPercent, err = factDecimal(v)
			if err == nil && (!f.NormaPercent.IsPositive() || f.NormaPercent.GreaterThan(decimal.NewFromInt(100))) {
				err = fmt.Errorf("want a percentage above 0 and at most 100")
			}
		case "expenses":
			f.Expenses, err = factDecimal(v)
			if err == nil && f.Expenses.IsNegative() {
				err = fmt.Errorf("must not be negative")
			}
		}
		if err != nil {
			return Facts{}, fmt.Errorf("%s: %v", key, err)
		}
	}
	return f, nil
}

func factInt(v any) (int, error) {
	switch x := v.(type) {
	case int:
		return x, nil
	case int64:
		if x < math.MinInt32 || x > math.MaxInt32 {
			return 0, fmt.Errorf("%d: out of range", x)
		}
		return int(x), nil
	case uint64:
		if x > math.MaxInt32 {
			return 0, fmt.Errorf("%d: out of range", x)
		}
		return int(x), nil
	case float64:
		if x != math.Trunc(x) || math.Abs(x) > math.MaxInt32 {
			return 0, fmt.Errorf("%v: not a whole number", x)
		}
		return int(x), nil
	case string:
		i, err := strconv.Atoi(strings.TrimSpace(x))
		if err != nil {
			return 0, fmt.Errorf("%q: not a whole number", x)
		}
		return i, nil
	}
	return 0, fmt.Errorf("%v: not a whole number", v)
}

func factBool(v any) (bool, error) {
	switch x := v.(type) {
	case bool:
		return x, nil
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "true", "yes":
			return true, nil
		case "false", "no":
			return false, nil
		}
		return false, fmt.Errorf("%q: want true or false", x)
	}
	return false, fmt.Errorf("%v: want true or false", v)
}

func factChoice(v any, choices []string) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("%v: want one of %s", v, strings.Join(choices, ", "))
	}
	s = strings.ToLower(strings.TrimSpace(s))
	if !slices.Contains(choices, s) {
		return "", fmt.Errorf("%q: want one of %s", s, strings.Join(choices, ", "))
	}
	return s, nil
}

// factDecimal reads a money or percentage value. Strings are the normal form
// ("12.5"); numbers written without quotes arrive as int or float64 and are
// read from their shortest decimal text, so no binary rounding leaks in.
func factDecimal(v any) (decimal.Decimal, error) {
	var s string
	switch x := v.(type) {
	case string:
		s = strings.TrimSpace(x)
	case int:
		return decimal.NewFromInt(int64(x)), nil
	case int64:
		return decimal.NewFromInt(x), nil
	case uint64:
		s = strconv.FormatUint(x, 10)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return decimal.Decimal{}, fmt.Errorf("%v: not a number", x)
		}
		s = strconv.FormatFloat(x, 'f', -1, 64)
	default:
		return decimal.Decimal{}, fmt.Errorf("%v: not a number", v)
	}
	d, err := parseDecimal(s)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("%q: not a number", s)
	}
	return d, nil
}

// normalized fills the defaults of a Facts built by hand (zero values).
func (f Facts) normalized() Facts {
	d := DefaultFacts()
	if f.Activity == "" {
		f.Activity = d.Activity
	}
	if f.NormaPercent.IsZero() {
		f.NormaPercent = d.NormaPercent
	}
	if f.FilingStatus == "" {
		f.FilingStatus = d.FilingStatus
	}
	if f.BusinessMethod == "" {
		f.BusinessMethod = d.BusinessMethod
	}
	return f
}

func (f Facts) validate() error {
	switch {
	case f.Dependants < 0:
		return fmt.Errorf("facts: dependants %d: must not be negative", f.Dependants)
	case !slices.Contains(Activities, f.Activity):
		return fmt.Errorf("facts: activity %q: want one of %s", f.Activity, strings.Join(Activities, ", "))
	case !slices.Contains(FilingStatuses, f.FilingStatus):
		return fmt.Errorf("facts: filing_status %q: want one of %s", f.FilingStatus, strings.Join(FilingStatuses, ", "))
	case !slices.Contains(BusinessMethods, f.BusinessMethod):
		return fmt.Errorf("facts: business_method %q: want one of %s", f.BusinessMethod, strings.Join(BusinessMethods, ", "))
	case f.VATReduction != "" && !slices.Contains(VATReductions, f.VATReduction):
		return fmt.Errorf("facts: vat_reduction %q: want one of %s", f.VATReduction, strings.Join(VATReductions, ", "))
	case f.ExportVAT != "" && !slices.Contains(ExportVATs, f.ExportVAT):
		return fmt.Errorf("facts: export_vat %q: want one of %s", f.ExportVAT, strings.Join(ExportVATs, ", "))
	case f.ExportShare.IsNegative() || f.ExportShare.GreaterThan(decimal.NewFromInt(100)):
		return fmt.Errorf("facts: export_share %s: want a percentage from 0 to 100", f.ExportShare)
	case f.NormaPercent.IsNegative() || f.NormaPercent.GreaterThan(decimal.NewFromInt(100)):
		return fmt.Errorf("facts: norma_percent %s: want above 0 and at most 100", f.NormaPercent)
	case f.Expenses.IsNegative():
		return fmt.Errorf("facts: expenses %s: must not be negative", f.Expenses)
	}
	return nil
}
