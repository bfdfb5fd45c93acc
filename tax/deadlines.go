package tax

import (
	"fmt"
	"strings"
	"time"
)

// deadlines lists the forms and payments of the regime's data for the tax
// year whose condition (`when:`) holds.
func (c *calc) deadlines() []Deadline {
	out := []Deadline{}
	for _, d := range c.def.deadlines {
		if !d.inYear(c.year) {
			continue
		}
		if d.when != "from_crossing" && !c.cond[d.when] {
			continue
		}
		if d.when == "from_crossing" && c.crossMonth == 0 {
			continue
		}
		add := func(period string, due time.Time) {
			dl := Deadline{Form: d.form, Period: period, Reference: d.reference, Confidence: d.confidence}
			rolled, why := due, ""
			if d.roll != "none" {
				rolled, why = c.roll(due)
				if !c.holidayYear(rolled.Year()) {
					// the year's holidays are not listed: only weekends count
					dl.Confidence = lowest(dl.Confidence, "U")
				}
			}
			dl.Due = rolled.Format(dateLayout)
			if !rolled.Equal(due) {
				dl.Statutory = due.Format(dateLayout)
				dl.Confidence = lowest(dl.Confidence, why)
			}
			out = append(out, dl)
		}
		y := c.year + d.yearOffset // the periods' year
		switch d.every {
		case "month":
			for m := 1; m <= 12; m++ {
				if d.when == "from_crossing" && m < c.crossMonth {
					continue
				}
				add(fmt.Sprintf("%d-%02d", y, m), dueAfter(y, m, d.monthsAfter, d.day))
			}
		case "quarter":
			for q := 1; q <= 4; q++ {
				if d.when == "from_crossing" && q < (c.crossMonth+2)/3 {
					continue
				}
				add(fmt.Sprintf("%d-Q%d", y, q), dueAfter(y, 3*q, d.monthsAfter, d.day))
			}
		case "year":
			add(fmt.Sprint(y), dueAfter(y, 12, d.monthsAfter, d.day))
		default:
			for _, p := range d.periods {
				label := fmt.Sprint(c.year)
				if p.label != "" {
					label += "-" + p.label
				}
				add(label, time.Date(c.year+p.yearOffset, time.Month(p.month), p.day, 0, 0, 0, 0, time.UTC))
			}
		}
	}
	return out
}

func (d deadlineDef) inYear(y int) bool { return inYears(d.from, d.until, y) }

// inYears says whether year y meets the span from..until, a zero end
// being open.
func inYears(from, until time.Time, y int) bool {
	if !from.IsZero() && from.Year() > y {
		return false
	}
	if !until.IsZero() && until.Year() < y {
		return false
	}
	return true
}

// dueAfter is the due date of a period ending in month m of year y: months
// after it, on day (0 = the last day; a day past the month's end is its last).
func dueAfter(y, m, months, day int) time.Time {
	first := time.Date(y, time.Month(m+months), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	if day == 0 || day > last {
		day = last
	}
	return first.AddDate(0, 0, day-1)
}

// roll moves a due date off weekends and the country's listed holidays when
// its rules say so, and returns the confidence of the move.
func (c *calc) roll(t time.Time) (time.Time, string) {
	dd := c.ctry.due
	if dd.roll != "next-working-day" {
		return t, ""
	}
	conf := ""
	for i := 0; i < 30; i++ {
		switch {
		case dd.holidays[t.Format(dateLayout)]:
			conf = lowest(lowest(conf, dd.confidence), dd.holConf)
		case t.Weekday() == time.Saturday || t.Weekday() == time.Sunday:
			conf = lowest(conf, dd.confidence)
		default:
			return t, conf
		}
		t = t.AddDate(0, 0, 1)
	}
	return t, conf
}

// holidayYear reports whether the country's holiday list covers year y (has
// a date in it). A country that moves no date, or whose list is empty on
// purpose (its own confidence says why), covers every year.
func (c *calc) holidayYear(y int) bool {
	dd := c.ctry.due
	if dd.roll != "next-working-day" || len(dd.holidays) == 0 {
		return true
	}
	prefix := fmt.Sprintf("%04d-", y)
	for day := range dd.holidays {
		if strings.HasPrefix(day, prefix) {
			return true
		}
	}
	return false
}
