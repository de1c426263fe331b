package httpapi

import "github.com/munireg/munireg/internal/xlsx"

// The tables of the CSV and XLSX answers: the sheet's name and the columns,
// English (the JSON field names) and Norwegian, in the order a finance
// officer reads them. Nested JSON (periods, income by kind) is flattened:
// validFrom/validTo, the income total.

var organizationColumns = columns[OrganizationBody]{"Organizations", "Organisasjoner", []column[OrganizationBody]{
	{"id", "id", func(o OrganizationBody) xlsx.Cell { return textCell(o.ID) }},
	{"name", "navn", func(o OrganizationBody) xlsx.Cell { return textCell(o.Name) }},
	{"kind", "organisasjonsform", func(o OrganizationBody) xlsx.Cell { return textCell(o.Kind) }},
	{"orgNumber", "organisasjonsnummer", func(o OrganizationBody) xlsx.Cell { return textCell(o.OrgNumber) }},
	{"municipality", "kommunenummer", func(o OrganizationBody) xlsx.Cell { return textCell(o.Municipality) }},
	{"validFrom", "gyldig fra", func(o OrganizationBody) xlsx.Cell { return dateCell(o.Valid.From) }},
	{"validTo", "gyldig til", func(o OrganizationBody) xlsx.Cell { return dateCell(o.Valid.To) }},
}}

var positionColumns = columns[PositionBody]{"Positions", "Eierposisjoner", []column[PositionBody]{
	{"id", "id", func(p PositionBody) xlsx.Cell { return textCell(p.ID) }},
	{"owner", "eier", func(p PositionBody) xlsx.Cell { return textCell(p.Owner) }},
	{"entity", "selskap", func(p PositionBody) xlsx.Cell { return textCell(p.Entity) }},
	{"economic", "eierandel", func(p PositionBody) xlsx.Cell { return decimalCell(p.Economic) }},
	{"voting", "stemmeandel", func(p PositionBody) xlsx.Cell { return optDecimalCell(p.Voting) }},
	{"shareClass", "aksjeklasse", func(p PositionBody) xlsx.Cell { return textCell(p.ShareClass) }},
	{"held", "aksjer", func(p PositionBody) xlsx.Cell { return intCell(p.Held) }},
	{"outstanding", "aksjer totalt", func(p PositionBody) xlsx.Cell { return intCell(p.Outstanding) }},
	{"bookValue", "bokført verdi", func(p PositionBody) xlsx.Cell { return optMoneyCell(p.BookValue) }},
	{"validFrom", "gyldig fra", func(p PositionBody) xlsx.Cell { return dateCell(p.Valid.From) }},
	{"validTo", "gyldig til", func(p PositionBody) xlsx.Cell { return dateCell(p.Valid.To) }},
	{"purpose", "formål", func(p PositionBody) xlsx.Cell { return textCell(p.Purpose) }},
	{"category", "kategori", func(p PositionBody) xlsx.Cell { return textCell(p.Category) }},
}}

var flowColumns = columns[FlowBody]{"Flows", "Pengestrømmer", []column[FlowBody]{
	{"id", "id", func(f FlowBody) xlsx.Cell { return textCell(f.ID) }},
	{"owner", "eier", func(f FlowBody) xlsx.Cell { return textCell(f.Owner) }},
	{"entity", "selskap", func(f FlowBody) xlsx.Cell { return textCell(f.Entity) }},
	{"kind", "type", func(f FlowBody) xlsx.Cell { return textCell(f.Kind) }},
	{"year", "regnskapsår", func(f FlowBody) xlsx.Cell { return intCell(f.Year) }},
	{"paid", "betalt", func(f FlowBody) xlsx.Cell { return dateCell(f.Paid) }},
	{"amount", "beløp", func(f FlowBody) xlsx.Cell { return moneyCell(f.Amount) }},
	{"direction", "retning", func(f FlowBody) xlsx.Cell { return textCell(f.Direction) }},
}}

// agreementColumns describe an agreement by its newest version.
var agreementColumns = columns[AgreementBody]{"Agreements", "Samarbeidsavtaler", []column[AgreementBody]{
	{"id", "id", func(a AgreementBody) xlsx.Cell { return textCell(a.ID) }},
	{"name", "navn", func(a AgreementBody) xlsx.Cell { return textCell(a.Name) }},
	{"form", "samarbeidsform", func(a AgreementBody) xlsx.Cell { return textCell(a.Form) }},
	{"orgNumber", "organisasjonsnummer", func(a AgreementBody) xlsx.Cell { return textCell(a.OrgNumber) }},
	{"versions", "versjoner", func(a AgreementBody) xlsx.Cell { return intCell(len(a.Versions)) }},
	{"validFrom", "gyldig fra", func(a AgreementBody) xlsx.Cell {
		return newestVersion(a, func(v VersionBody) xlsx.Cell { return dateCell(v.Valid.From) })
	}},
	{"participants", "deltakere", func(a AgreementBody) xlsx.Cell {
		return newestVersion(a, func(v VersionBody) xlsx.Cell { return intCell(len(v.Participants)) })
	}},
	{"purpose", "formål", func(a AgreementBody) xlsx.Cell {
		return newestVersion(a, func(v VersionBody) xlsx.Cell { return textCell(v.Purpose) })
	}},
}}

// newestVersion is f of the agreement's newest version, blank without one.
func newestVersion(a AgreementBody, f func(VersionBody) xlsx.Cell) xlsx.Cell {
	if len(a.Versions) == 0 {
		return xlsx.Cell{}
	}
	return f(a.Versions[len(a.Versions)-1])
}

var holdingColumns = columns[HoldingBody]{"Holdings", "Eierandeler", []column[HoldingBody]{
	{"entity", "selskap", func(h HoldingBody) xlsx.Cell { return textCell(h.Entity) }},
	{"name", "navn", func(h HoldingBody) xlsx.Cell { return textCell(h.Name) }},
	{"kind", "organisasjonsform", func(h HoldingBody) xlsx.Cell { return textCell(h.Kind) }},
	{"direct", "direkte", func(h HoldingBody) xlsx.Cell { return boolCell(h.Direct) }},
	{"economic", "eierandel", func(h HoldingBody) xlsx.Cell { return decimalCell(h.Economic) }},
	{"voting", "stemmeandel", func(h HoldingBody) xlsx.Cell { return decimalCell(h.Voting) }},
	{"effective", "indirekte eierandel", func(h HoldingBody) xlsx.Cell { return optDecimalCell(h.Effective) }},
	{"purpose", "formål", func(h HoldingBody) xlsx.Cell { return textCell(h.Purpose) }},
	{"category", "kategori", func(h HoldingBody) xlsx.Cell { return textCell(h.Category) }},
	{"bookValue", "bokført verdi", func(h HoldingBody) xlsx.Cell { return optMoneyCell(h.BookValue) }},
	{"income", "inntekt", func(h HoldingBody) xlsx.Cell { return moneyCell(h.Income.Total) }},
	{"change", "endring", func(h HoldingBody) xlsx.Cell { return moneyCell(h.Change.Absolute) }},
	{"ownerLoan", "eierlån", func(h HoldingBody) xlsx.Cell { return moneyCell(h.OwnerLoan) }},
	{"guarantee", "garanti", func(h HoldingBody) xlsx.Cell { return moneyCell(h.Guarantee) }},
}}

var entityOwnerColumns = columns[EntityOwnerBody]{"Owners", "Eiere", []column[EntityOwnerBody]{
	{"owner", "eier", func(o EntityOwnerBody) xlsx.Cell { return textCell(o.Owner) }},
	{"name", "navn", func(o EntityOwnerBody) xlsx.Cell { return textCell(o.Name) }},
	{"kind", "organisasjonsform", func(o EntityOwnerBody) xlsx.Cell { return textCell(o.Kind) }},
	{"economic", "eierandel", func(o EntityOwnerBody) xlsx.Cell { return decimalCell(o.Economic) }},
	{"voting", "stemmeandel", func(o EntityOwnerBody) xlsx.Cell { return decimalCell(o.Voting) }},
	{"bookValue", "bokført verdi", func(o EntityOwnerBody) xlsx.Cell { return optMoneyCell(o.BookValue) }},
	{"received", "mottatt", func(o EntityOwnerBody) xlsx.Cell { return moneyCell(o.Received.Total) }},
	{"ownerLoan", "eierlån", func(o EntityOwnerBody) xlsx.Cell { return moneyCell(o.OwnerLoan) }},
	{"guarantee", "garanti", func(o EntityOwnerBody) xlsx.Cell { return moneyCell(o.Guarantee) }},
}}

var forumOwnerColumns = columns[ForumOwnerBody]{"Owners", "Eiere", []column[ForumOwnerBody]{
	{"rank", "rangering", func(o ForumOwnerBody) xlsx.Cell { return intCell(o.Rank) }},
	{"owner", "eier", func(o ForumOwnerBody) xlsx.Cell { return textCell(o.Owner) }},
	{"name", "navn", func(o ForumOwnerBody) xlsx.Cell { return textCell(o.Name) }},
	{"income", "inntekt", func(o ForumOwnerBody) xlsx.Cell { return moneyCell(o.Income.Total) }},
	{"change", "endring", func(o ForumOwnerBody) xlsx.Cell { return moneyCell(o.Change.Absolute) }},
	{"population", "folkemengde", func(o ForumOwnerBody) xlsx.Cell { return intCell(o.Population) }},
	{"perInhabitant", "per innbygger", func(o ForumOwnerBody) xlsx.Cell { return optMoneyCell(o.PerInhabitant) }},
}}

var forumEntityColumns = columns[ForumEntityBody]{"Entities", "Selskaper", []column[ForumEntityBody]{
	{"rank", "rangering", func(e ForumEntityBody) xlsx.Cell { return intCell(e.Rank) }},
	{"entity", "selskap", func(e ForumEntityBody) xlsx.Cell { return textCell(e.Entity) }},
	{"name", "navn", func(e ForumEntityBody) xlsx.Cell { return textCell(e.Name) }},
	{"kind", "organisasjonsform", func(e ForumEntityBody) xlsx.Cell { return textCell(e.Kind) }},
	{"economic", "eierandel", func(e ForumEntityBody) xlsx.Cell { return decimalCell(e.Economic) }},
	{"owners", "eiere", func(e ForumEntityBody) xlsx.Cell { return intCell(e.Owners) }},
	{"income", "inntekt", func(e ForumEntityBody) xlsx.Cell { return moneyCell(e.Income.Total) }},
	{"change", "endring", func(e ForumEntityBody) xlsx.Cell { return moneyCell(e.Change.Absolute) }},
}}

// budgetColumns are the columns of a budget's rows: the participant, its
// amount and exact value, and what each component of the key contributes
// (named after the component). names are the participants' names by
// organization ID.
func budgetColumns(key KeyBody, names map[string]string) columns[AllocationRow] {
	list := []column[AllocationRow]{
		{"organization", "organisasjon", func(r AllocationRow) xlsx.Cell { return textCell(r.Ref) }},
		{"name", "navn", func(r AllocationRow) xlsx.Cell { return textCell(names[r.Ref]) }},
		{"amount", "beløp", func(r AllocationRow) xlsx.Cell { return moneyCell(r.Amount) }},
		{"exact", "eksakt beløp", func(r AllocationRow) xlsx.Cell { return decimalCell(r.Exact) }},
	}
	for i, c := range key.Components {
		list = append(list, column[AllocationRow]{"exact (" + c.Name + ")", "eksakt (" + c.Name + ")",
			func(r AllocationRow) xlsx.Cell {
				if i >= len(r.Components) {
					return xlsx.Cell{}
				}
				return decimalCell(r.Components[i].Exact)
			}})
	}
	return columns[AllocationRow]{"Allocation", "Fordeling", list}
}

var keyColumns = columns[KeyComponent]{"Key", "Fordelingsnøkkel", []column[KeyComponent]{
	{"name", "navn", func(c KeyComponent) xlsx.Cell { return textCell(c.Name) }},
	{"weight", "vekt", func(c KeyComponent) xlsx.Cell { return decimalCell(c.Weight) }},
	{"basis", "grunnlag", func(c KeyComponent) xlsx.Cell { return textCell(c.Basis) }},
}}

// budgetHeaderColumns describe a budget in one row.
var budgetHeaderColumns = columns[BudgetBody]{"Budget", "Budsjett", []column[BudgetBody]{
	{"id", "id", func(b BudgetBody) xlsx.Cell { return textCell(b.ID) }},
	{"agreement", "avtale", func(b BudgetBody) xlsx.Cell { return textCell(b.Agreement) }},
	{"year", "budsjettår", func(b BudgetBody) xlsx.Cell { return intCell(b.Year) }},
	{"asOf", "per dato", func(b BudgetBody) xlsx.Cell { return dateCell(&b.AsOf) }},
	{"total", "totalt", func(b BudgetBody) xlsx.Cell { return moneyCell(b.Total) }},
	{"sum", "sum", func(b BudgetBody) xlsx.Cell { return moneyCell(b.Sum) }},
	{"difference", "differanse", func(b BudgetBody) xlsx.Cell { return moneyCell(b.Difference) }},
	{"unit", "avrundingsenhet", func(b BudgetBody) xlsx.Cell { return decimalCell(b.Unit) }},
	{"policy", "avrundingsregel", func(b BudgetBody) xlsx.Cell { return textCell(b.Policy) }},
}}
