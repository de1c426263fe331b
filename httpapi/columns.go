package httpapi

import "strconv"

// The columns of the CSV answers, English (the JSON field names) and
// Norwegian, in the order a finance officer reads them. Nested JSON
// (periods, income by kind) is flattened: validFrom/validTo, the income
// total.

var organizationColumns = []column[OrganizationBody]{
	{"id", "id", func(o OrganizationBody) string { return o.ID }},
	{"name", "navn", func(o OrganizationBody) string { return o.Name }},
	{"kind", "organisasjonsform", func(o OrganizationBody) string { return o.Kind }},
	{"orgNumber", "organisasjonsnummer", func(o OrganizationBody) string { return o.OrgNumber }},
	{"municipality", "kommunenummer", func(o OrganizationBody) string { return o.Municipality }},
	{"validFrom", "gyldig fra", func(o OrganizationBody) string { return dateCell(o.Valid.From) }},
	{"validTo", "gyldig til", func(o OrganizationBody) string { return dateCell(o.Valid.To) }},
}

var positionColumns = []column[PositionBody]{
	{"id", "id", func(p PositionBody) string { return p.ID }},
	{"owner", "eier", func(p PositionBody) string { return p.Owner }},
	{"entity", "selskap", func(p PositionBody) string { return p.Entity }},
	{"economic", "eierandel", func(p PositionBody) string { return p.Economic.String() }},
	{"voting", "stemmeandel", func(p PositionBody) string { return decimalCell(p.Voting) }},
	{"shareClass", "aksjeklasse", func(p PositionBody) string { return p.ShareClass }},
	{"held", "aksjer", func(p PositionBody) string { return intCell(p.Held) }},
	{"outstanding", "aksjer totalt", func(p PositionBody) string { return intCell(p.Outstanding) }},
	{"bookValue", "bokført verdi", func(p PositionBody) string { return moneyCell(p.BookValue) }},
	{"validFrom", "gyldig fra", func(p PositionBody) string { return dateCell(p.Valid.From) }},
	{"validTo", "gyldig til", func(p PositionBody) string { return dateCell(p.Valid.To) }},
	{"purpose", "formål", func(p PositionBody) string { return p.Purpose }},
	{"category", "kategori", func(p PositionBody) string { return p.Category }},
}

var flowColumns = []column[FlowBody]{
	{"id", "id", func(f FlowBody) string { return f.ID }},
	{"owner", "eier", func(f FlowBody) string { return f.Owner }},
	{"entity", "selskap", func(f FlowBody) string { return f.Entity }},
	{"kind", "type", func(f FlowBody) string { return f.Kind }},
	{"year", "regnskapsår", func(f FlowBody) string { return intCell(f.Year) }},
	{"paid", "betalt", func(f FlowBody) string { return dateCell(f.Paid) }},
	{"amount", "beløp", func(f FlowBody) string { return f.Amount.text() }},
	{"direction", "retning", func(f FlowBody) string { return f.Direction }},
}

// agreementColumns describe an agreement by its newest version.
var agreementColumns = []column[AgreementBody]{
	{"id", "id", func(a AgreementBody) string { return a.ID }},
	{"name", "navn", func(a AgreementBody) string { return a.Name }},
	{"form", "samarbeidsform", func(a AgreementBody) string { return a.Form }},
	{"orgNumber", "organisasjonsnummer", func(a AgreementBody) string { return a.OrgNumber }},
	{"versions", "versjoner", func(a AgreementBody) string { return intCell(len(a.Versions)) }},
	{"validFrom", "gyldig fra", func(a AgreementBody) string {
		return newestVersion(a, func(v VersionBody) string { return dateCell(v.Valid.From) })
	}},
	{"participants", "deltakere", func(a AgreementBody) string {
		return newestVersion(a, func(v VersionBody) string { return intCell(len(v.Participants)) })
	}},
	{"purpose", "formål", func(a AgreementBody) string {
		return newestVersion(a, func(v VersionBody) string { return v.Purpose })
	}},
}

// newestVersion is f of the agreement's newest version, "" without one.
func newestVersion(a AgreementBody, f func(VersionBody) string) string {
	if len(a.Versions) == 0 {
		return ""
	}
	return f(a.Versions[len(a.Versions)-1])
}

var holdingColumns = []column[HoldingBody]{
	{"entity", "selskap", func(h HoldingBody) string { return h.Entity }},
	{"name", "navn", func(h HoldingBody) string { return h.Name }},
	{"kind", "organisasjonsform", func(h HoldingBody) string { return h.Kind }},
	{"direct", "direkte", func(h HoldingBody) string { return strconv.FormatBool(h.Direct) }},
	{"economic", "eierandel", func(h HoldingBody) string { return h.Economic.String() }},
	{"voting", "stemmeandel", func(h HoldingBody) string { return h.Voting.String() }},
	{"effective", "indirekte eierandel", func(h HoldingBody) string { return decimalCell(h.Effective) }},
	{"purpose", "formål", func(h HoldingBody) string { return h.Purpose }},
	{"category", "kategori", func(h HoldingBody) string { return h.Category }},
	{"bookValue", "bokført verdi", func(h HoldingBody) string { return moneyCell(h.BookValue) }},
	{"income", "inntekt", func(h HoldingBody) string { return h.Income.Total.text() }},
	{"change", "endring", func(h HoldingBody) string { return h.Change.Absolute.text() }},
	{"ownerLoan", "eierlån", func(h HoldingBody) string { return h.OwnerLoan.text() }},
	{"guarantee", "garanti", func(h HoldingBody) string { return h.Guarantee.text() }},
}

var entityOwnerColumns = []column[EntityOwnerBody]{
	{"owner", "eier", func(o EntityOwnerBody) string { return o.Owner }},
	{"name", "navn", func(o EntityOwnerBody) string { return o.Name }},
	{"kind", "organisasjonsform", func(o EntityOwnerBody) string { return o.Kind }},
	{"economic", "eierandel", func(o EntityOwnerBody) string { return o.Economic.String() }},
	{"voting", "stemmeandel", func(o EntityOwnerBody) string { return o.Voting.String() }},
	{"bookValue", "bokført verdi", func(o EntityOwnerBody) string { return moneyCell(o.BookValue) }},
	{"received", "mottatt", func(o EntityOwnerBody) string { return o.Received.Total.text() }},
	{"ownerLoan", "eierlån", func(o EntityOwnerBody) string { return o.OwnerLoan.text() }},
	{"guarantee", "garanti", func(o EntityOwnerBody) string { return o.Guarantee.text() }},
}

var forumOwnerColumns = []column[ForumOwnerBody]{
	{"rank", "rangering", func(o ForumOwnerBody) string { return intCell(o.Rank) }},
	{"owner", "eier", func(o ForumOwnerBody) string { return o.Owner }},
	{"name", "navn", func(o ForumOwnerBody) string { return o.Name }},
	{"income", "inntekt", func(o ForumOwnerBody) string { return o.Income.Total.text() }},
	{"change", "endring", func(o ForumOwnerBody) string { return o.Change.Absolute.text() }},
	{"population", "folkemengde", func(o ForumOwnerBody) string { return intCell(o.Population) }},
	{"perInhabitant", "per innbygger", func(o ForumOwnerBody) string { return moneyCell(o.PerInhabitant) }},
}
