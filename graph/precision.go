package graph

import "time"

// Precision is how much of a date is known: a date of year precision
// ("2022") stands for some day of that year, one of month precision
// ("2022-02") for some day of that month.
type Precision string

// The precisions of a date.
const (
	PrecisionUnknown Precision = "UNKNOWN" // no date
	PrecisionYear    Precision = "YEAR"
	PrecisionMonth   Precision = "MONTH"
	PrecisionDay     Precision = "DAY"
)

// Precision returns how much of d is known.
func (d Date) Precision() Precision {
	switch {
	case d.Year == 0:
		return PrecisionUnknown
	case d.Month == 0:
		return PrecisionYear
	case d.Day == 0:
		return PrecisionMonth
	}
	return PrecisionDay
}

// First returns the first day d may stand for: 2022 is 2022-01-01,
// 2022-02 is 2022-02-01. An unknown date stays unknown.
func (d Date) First() Date {
	switch d.Precision() {
	case PrecisionYear:
		return Date{d.Year, 1, 1}
	case PrecisionMonth:
		return Date{d.Year, d.Month, 1}
	}
	return d
}

// Last returns the last day d may stand for: 2022 is 2022-12-31, 2024-02
// is 2024-02-29. An unknown date stays unknown.
func (d Date) Last() Date {
	switch d.Precision() {
	case PrecisionYear:
		return Date{d.Year, 12, 31}
	case PrecisionMonth:
		return Date{d.Year, d.Month, time.Date(d.Year, time.Month(d.Month)+1, 0, 0, 0, 0, 0, time.UTC).Day()}
	}
	return d
}

// Presence says whether a link existed on a day, as far as its dates and
// status can tell.
type Presence int

// The answers of Partnership.At.
const (
	// Absent: the link certainly did not exist: it began after the day or
	// ended before it.
	Absent Presence = iota
	// Present: the link certainly existed: it began on or before the day
	// and had not ended before it.
	Present
	// Uncertain: the day falls within the year or month that a date known
	// only to that precision stands for (a link "since 2022" on
	// 2022-02-24), or the link has ended at a time nobody recorded.
	Uncertain
	// Undated: the link has no known start, so no date can say whether it
	// existed yet.
	Undated
	// Paused: the link existed but was paused ("ruhend") on the day, by a
	// dated PAUSED event not followed by a resumption.
	Paused
)

// String names the presence.
func (p Presence) String() string {
	switch p {
	case Absent:
		return "ABSENT"
	case Present:
		return "PRESENT"
	case Uncertain:
		return "UNCERTAIN"
	case Paused:
		return "PAUSED"
	}
	return "UNDATED"
}

// At says whether the link existed on day d (a date of year or month
// precision means its first day). The rule, in order:
//
//   - it ended before d (the last day its until date may stand for is
//     before d): Absent;
//   - it has no known start: Undated;
//   - it began after d (the first day of its since date is after d): Absent;
//   - d falls within its since date's year or month, or within its until
//     date's, or within the year or month of a status event; or it is ENDED
//     or PAUSED with no dated event saying when: Uncertain;
//   - its last dated status event on or before d paused it: Paused;
//   - otherwise Present.
//
// The day a link began and the day it ended (at day precision) count as
// days it existed.
func (p Partnership) At(d Date) Presence {
	d = d.First()
	switch {
	case !p.Until.IsZero() && p.Until.Last().Before(d):
		return Absent
	case p.Since.IsZero():
		return Undated
	case d.Before(p.Since.First()):
		return Absent
	}
	state, unsure, dated := p.stateAt(d)
	switch {
	case state == StatusEnded && !unsure:
		return Absent
	case unsure,
		d.Before(p.Since.Last()) && p.Since.Precision() != PrecisionDay,
		!p.Until.IsZero() && !d.Before(p.Until.First()) && p.Until.Precision() != PrecisionDay,
		p.Status == StatusEnded && p.Until.IsZero() && !dated[StatusEnded],
		p.Status == StatusPaused && !dated[StatusPaused]:
		return Uncertain
	case state == StatusPaused:
		return Paused
	}
	return Present
}

// stateAt returns the state the link's dated status events leave it in on
// day d (ACTIVE when none has happened yet), whether an event's year or
// month reaches over d, and which states dated events give at all.
func (p Partnership) stateAt(d Date) (state Status, unsure bool, dated map[Status]bool) {
	state = StatusActive
	for _, e := range p.Events {
		if e.Date.IsZero() {
			continue
		}
		if dated == nil {
			dated = map[Status]bool{}
		}
		dated[e.Status] = true
		switch {
		case d.Before(e.Date.First()):
		case d.Before(e.Date.Last()):
			unsure = true
		case e.Status == StatusEnded && d == e.Date.Last():
			// the day it ended is a day it existed
		default:
			state = e.Status
		}
	}
	return state, unsure, dated
}

// Began says whether the link began in the period from..to (both days,
// both included; a zero bound is open): Present when its since date lies
// within it whatever day it stands for, Absent when it lies outside
// whatever day, Uncertain when the since date's year or month reaches over
// a bound, Undated without a since date.
func (p Partnership) Began(from, to Date) Presence {
	return within(p.Since, from, to)
}

// Ended says, as Began does, whether the link ended in from..to; a link
// without an until date has not ended (Absent), unless it is ENDED, which
// makes it Undated.
func (p Partnership) Ended(from, to Date) Presence {
	if p.Until.IsZero() {
		if p.Status == StatusEnded {
			return Undated
		}
		return Absent
	}
	return within(p.Until, from, to)
}

// within places date d against the period from..to.
func within(d, from, to Date) Presence {
	if d.IsZero() {
		return Undated
	}
	first, last := d.First(), d.Last()
	from, to = from.First(), to.Last()
	switch {
	case !from.IsZero() && last.Before(from), !to.IsZero() && to.Before(first):
		return Absent
	case !from.IsZero() && first.Before(from), !to.IsZero() && to.Before(last):
		return Uncertain
	}
	return Present
}
