// Package tax turns a ledger year into tax-ready figures for Vietnam (VN),
// Indonesia (ID) and the United States (US), under every regime of the
// country side by side.
//
// The rules are dated data, not code: rules/*.yaml are embedded in the binary
// (DefaultRules) and a user may override or add parameters and regimes with
// files in the same format (LoadRules; see README.md). Every parameter entry
// has an effective date, a reference to the law and a confidence tag: C
// (confirmed), S (secondary support only) or U (unconfirmed). The engine takes
// the latest entry effective on or before the date it needs; for a yearly
// figure that is the entry in force at the end of the tax year, unless the
// parameter's within_year policy says otherwise (the 2025 VN VAT threshold,
// which changed on 1 July, is prorated by month).
//
// Compute is pure: it reads no clock and no file. Per regime it returns lines
// (each with the lowest confidence behind it and what to verify), a total,
// a trace of every step (rule, effective date, reference, confidence,
// amount), the filing and payment deadlines, and quarterly or monthly
// figures where the regime is declared that way.
//
// # Which figure each regime taxes
//
// Figures come from the ledger: Gross, Refunds, Fees, Expenses, Net =
// Gross - Refunds - Fees. A regime's `base:` names one of
//
//	gross    Gross
//	revenue  Gross - Refunds (turnover: fees and expenses not deductible)
//	net      Gross - Refunds - Fees
//	profit   Net - Expenses - Facts.Expenses (the config's tax.expenses)
//
// and the regimes of the embedded data use:
//
//   - vn-salary: revenue. Salary/wage-type income: 12 months of family
//     deductions (11M + 4.4M per dependant a month to 2025; 15.5M + 6.2M from
//     2026) are subtracted and the progressive schedule applies (seven
//     brackets to 2025, five from 2026, monthly bounds x 12). Quarterly
//     02/KK-TNCN figures, annual 02/QTT-TNCN.
//   - vn-business: revenue for the threshold test, the revenue method and VAT;
//     profit for the income method. 2024-2025 (Circular 40/2021): at or below
//     100M nothing, above it PIT and VAT on the whole revenue at the activity's
//     rates. From 2026 (Law 109/2025 Art. 7, Decree 68/2026 as amended by
//     Decree 141/2026): at or below 1 billion nothing; above it PIT on the
//     excess (revenue method, default) or on profit x 15/17/20% (income
//     method, tax.business_method: income, forced above 3 billion), VAT on the
//     whole revenue.
//   - id-pp55: revenue (gross turnover). 0.5% on the turnover above the 500M
//     exempt slice, paid monthly from the month the slice is used up.
//   - id-nppn: revenue x the norma % (tax.norma_percent), minus PTKP, Art. 17
//     rates. Expenses are not deductible: the norma stands for them.
//   - id-bookkeeping: profit minus PTKP, Art. 17 rates.
//   - us-schedule-c: profit (Schedule C net profit). SE tax on 92.35% of it
//     (OASDI up to the wage base, HI, Additional Medicare Tax above 200,000);
//     income tax on profit minus half the SE tax, the standard deduction and
//     the QBI deduction, with the exact rate schedule. Total = income tax +
//     SE tax (+ Additional Medicare Tax).
//
// Amounts are exact decimals (shopspring/decimal), never floats. Each tax line
// is rounded once, to the currency's minor unit half away from zero (VND 0,
// IDR 2, USD 2) unless the regime's `rounding:` says otherwise; US lines are
// rounded at each step as the forms do, and PP 55 at each monthly payment.
// The trace shows every rounding.
package tax
