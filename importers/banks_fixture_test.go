package importers

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// The XLSX bank fixtures under testdata/importers/banks/ are generated here
// from the layouts in research/formats.md §9–10, so that what they hold is
// reviewable as text. `go test ./importers -run TestBankFixtures
// -regen-fixtures` rewrites them (they are inputs, so -update, which
// rewrites goldens, leaves them alone); without it the test checks that
// the committed workbooks hold exactly these cells.

var regenFixtures = flag.Bool("regen-fixtures", false, "rewrite the generated XLSX bank fixtures (inputs)")

// xbook is one workbook fixture.
type xbook struct {
	file   string
	sheets []xsheet
}

type xsheet struct {
	name string
	// rows puts values from column A of a row: string → text cell,
	// int/float64 → number, time.Time → date, nil → no cell.
	rows map[int][]any
	// at puts a value in one cell ("BH37").
	at map[string]any
	// merges are cell ranges ("B34:G34").
	merges []string
	// formats apply an Excel number format id to a range ("E9:G13": 3).
	formats map[string]int
}

func d(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }

// bankBooks are the XLSX fixtures, one per built-in profile that reads
// spreadsheets.
var bankBooks = []xbook{
	{file: "vietcombank.xlsx", sheets: []xsheet{{
		name: "Sheet1",
		rows: map[int][]any{
			1:  {"NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM"},
			3:  {"SAO KÊ TÀI KHOẢN"},
			5:  {"Số tài khoản:", "0071000123456"},
			6:  {"Loại tiền / Currency:", "VND"},
			7:  {"Từ ngày:", "01/12/2025", "Đến ngày:", "31/01/2026"},
			9:  {"Ngày giao dịch", "Số tham chiếu", "Số tiền ghi nợ", "Số tiền ghi có", "Mô tả"},
			10: {"Số dư đầu kỳ", nil, nil, nil, "12,000,000"},
			11: {"02/12/2025", "5213.10001", nil, "24,850,000", "UPWORK ESCROW INC PAYMENT 1234"},
			12: {"05/12/2025", "5213.10002", "150,000", nil, "THANH TOAN HOA DON DIEN"},
			13: {"15/12/2025", "5213.10003", nil, "8,000,000", "CONG TY ABC CHUYEN TIEN THIET KE WEBSITE"},
			14: {"31/12/2025", "5213.10004", "11,000", nil, "PHI QUAN LY TAI KHOAN"},
			15: {"03/01/2026", "5213.10005", nil, "12,345,678", "PAYONEER INC"},
			16: {"Tổng số", nil, "161,000", "45,195,678"},
			18: {"Số dư cuối kỳ", nil, nil, nil, "57,034,678"},
		},
		merges: []string{"A1:E1", "A3:E3"},
	}}},
	{file: "vietcombank-sign.xlsx", sheets: []xsheet{{
		name: "Sheet1",
		rows: map[int][]any{
			1:  {"Vietcombank - Sao kê tài khoản"},
			3:  {"Số tài khoản", "0451000765432"},
			5:  {"Ngày giao dịch", "Số tham chiếu", "+/-", "Số tiền", "Mô tả"},
			6:  {"02/01/2026", "5010.10001", "+", "18,750,000", "GUMROAD INC PAYOUT"},
			7:  {"10/01/2026", nil, "-", "22,000", "PHI SMS BANKING T12"},
			8:  {"10/01/2026", nil, "-", "22,000", "PHI SMS BANKING T12"},
			9:  {"15/01/2026", "5010.10004", "-", "1,200,000", "CHUYEN TIEN"},
			10: {"Tổng"},
		},
	}}},
	{file: "vietcombank-cashup.xlsx", sheets: []xsheet{{
		name: "VCBACCOUNTDETAILBASEXLS",
		rows: map[int][]any{
			1:  {"SAO KÊ TÀI KHOẢN\nSTATEMENT OF ACCOUNT"},
			3:  {"Số tài khoản/Account number:", nil, "0011001234567"},
			4:  {"Loại tiền/Currency:", nil, "VND"},
			5:  {"Số dư đầu kỳ/ Opening balance :", nil, "3,359,662,231 VND"},
			7:  {"STT/No.", "Ngày GD/Số CT\nTxn Date/Doc No", "Số tiền ghi nợ/Debit", "Số tiền ghi có/Credit", "Số dư/Balance", "Nội dung/Description"},
			8:  {"1", "02/12/2025                       5213.90001", nil, "20,000,000", "3,379,662,231", "WISE PAYMENTS LTD PAYOUT"},
			9:  {"2", "03/12/2025                       5213.90002", "2,500,000", nil, "3,377,162,231", "TRA TIEN THUE VAN PHONG"},
			10: {"3", "20/12/2025                       5213.90003", nil, "7,000,000", "3,384,162,231", "KHACH HANG XYZ TT HOP DONG"},
			11: {"Tổng số/Total", nil, "2,500,000", "27,000,000"},
			12: {"Số dư cuối kỳ/ Closing balance :", nil, "3,384,162,231 VND"},
			14: {"SAO KÊ TÀI KHOẢN\nSTATEMENT OF ACCOUNT"},
			16: {"Số tài khoản/Account number:", nil, "0011007654321"},
			17: {"Loại tiền/Currency:", nil, "VND"},
			18: {"Số dư đầu kỳ/ Opening balance :", nil, "50,000,000 VND"},
			20: {"STT/No.", "Ngày GD/Số CT\nTxn Date/Doc No", "Số tiền ghi nợ/Debit", "Số tiền ghi có/Credit", "Số dư/Balance", "Nội dung/Description"},
			21: {"1", "05/01/2026                       5213.90010", nil, "1,000,000", "51,000,000", "KHACH HANG LMN TT"},
			22: {"2", "06/01/2026                       5213.90011", "300,000", nil, "50,800,000", "PHI DICH VU"},
			23: {"Tổng số/Total", nil, "300,000", "1,000,000"},
		},
		merges: []string{"A1:F1", "A14:F14"},
	}}},
	// two account sections in two currencies (the CashUp parser of
	// research/formats.md §9 reads the "Loại tiền/Currency" line of each
	// section: VND, USD, EUR, JPY, CNY); the second section states its
	// currency "usd" in lower case and its opening balance line is absent
	{file: "vietcombank-cashup-usd.xlsx", sheets: []xsheet{{
		name: "VCBACCOUNTDETAILBASEXLS",
		rows: map[int][]any{
			1:  {"SAO KÊ TÀI KHOẢN\nSTATEMENT OF ACCOUNT"},
			3:  {"Số tài khoản/Account number:", nil, "0011001234567"},
			4:  {"Loại tiền/Currency:", nil, "VND"},
			5:  {"Số dư đầu kỳ/ Opening balance :", nil, "10,000,000 VND"},
			7:  {"STT/No.", "Ngày GD/Số CT\nTxn Date/Doc No", "Số tiền ghi nợ/Debit", "Số tiền ghi có/Credit", "Số dư/Balance", "Nội dung/Description"},
			8:  {"1", "02/02/2026                       5213.91001", nil, "26,338,000", "36,338,000", "UPWORK ESCROW INC PAYOUT"},
			9:  {"2", "03/02/2026                       5213.91002", "52,000", nil, "36,286,000", "PHI CHUYEN TIEN"},
			10: {"Tổng số/Total", nil, "52,000", "26,338,000"},
			11: {"Số dư cuối kỳ/ Closing balance :", nil, "36,286,000 VND"},
			13: {"SAO KÊ TÀI KHOẢN\nSTATEMENT OF ACCOUNT"},
			15: {"Số tài khoản/Account number:", nil, "0371 0000 98765"},
			16: {"Loại tiền/Currency:", nil, "usd"},
			18: {"STT/No.", "Ngày GD/Số CT\nTxn Date/Doc No", "Số tiền ghi nợ/Debit", "Số tiền ghi có/Credit", "Số dư/Balance", "Nội dung/Description"},
			19: {"1", "04/02/2026                       5213.91010", nil, "1,250.00", "1,250.00", "CLIENT ABC LLC INV 2026-02"},
			20: {"2", "05/02/2026                       5213.91011", "15.50", nil, "1,234.50", "PHI DIEN CHUYEN TIEN"},
			21: {"Tổng số/Total", nil, "15.50", "1,250.00"},
		},
		merges: []string{"A1:F1", "A13:F13"},
	}}},
	{file: "techcombank.xlsx", sheets: []xsheet{{
		name: "Sheet1",
		rows: map[int][]any{
			2:  {nil, "NGÂN HÀNG TMCP KỸ THƯƠNG VIỆT NAM (TECHCOMBANK)"},
			5:  {nil, "SAO KÊ TÀI KHOẢN / ACCOUNT STATEMENT"},
			8:  {nil, "Số tài khoản / Account number: 19031234567890"},
			9:  {nil, "Loại tiền / Currency: VND"},
			10: {nil, "Từ ngày / From: 01/12/2025   Đến ngày / To: 31/12/2025"},
		},
		at: map[string]any{
			"B34": "Ngày giao dịch", "H34": "Đối tác", "Q34": "NH Đối tác", "Y34": "Diễn giải", "AG34": "Số bút toán", "AT34": "Nợ", "BB34": "Có", "BH34": "Số dư",
			"B35": "Transaction Date", "H35": "Remitter", "Q35": "Remitter Bank", "Y35": "Details", "AG35": "Transaction No", "AT35": "Debit", "BB35": "Credit", "BH35": "Balance",
			"B36": "Số dư đầu kỳ/Opening balance", "BH36": "5,000,000",
			"B37": "02/12/2025", "H37": "UPWORK ESCROW INC", "Q37": "CITIBANK N.A.", "Y37": "UPWORK-1234567 WITHDRAWAL", "AG37": "FT25336000111", "BB37": "23,650,000", "BH37": "28,650,000",
			"B38": "04/12/2025", "H38": "NGUYEN VAN A", "Q38": "VIETCOMBANK", "Y38": "TRA TIEN NHA THANG 12", "AG38": "FT25338000222", "AT38": "7,000,000", "BH38": "21,650,000",
			"B39": "15/12/2025", "H39": "CONG TY CP XYZ", "Q39": "BIDV", "Y39": "XYZ THANH TOAN HD 12/2025", "AG39": "FT25349000333", "BB39": "12,000,000", "BH39": "33,650,000",
			"B40": "15/12/2025", "Y40": "PHI DICH VU SMS T12", "AG40": "FT25349000444", "AT40": "11,000", "BH40": "33,639,000",
			"B41": "Tổng/Total", "AT41": "7,011,000", "BB41": "35,650,000",
			"B43": "Phiếu này được in từ hệ thống Techcombank và không cần chữ ký, con dấu.",
		},
		merges: techcombankMerges(34, 41),
	}}},
	{file: "mb.xlsx", sheets: []xsheet{{
		name: "Sheet1",
		rows: map[int][]any{
			1:  {"NGÂN HÀNG TMCP QUÂN ĐỘI"},
			2:  {"SAO KÊ TÀI KHOẢN / ACCOUNT STATEMENT"},
			4:  {"Số tài khoản/Account number:", "0123456789999"},
			5:  {"Loại tiền/Currency:", "VND"},
			6:  {"Từ ngày/From:", d(2026, 1, 1), "Đến ngày/To:", d(2026, 1, 31)},
			8:  {"STT/NO", "NGÀY HẠCH TOÁN/POSTING DATE", "NGÀY GIAO DỊCH/TRANSACTION DATE", "PHÁT SINH NỢ/DEBIT", "PHÁT SINH CÓ/CREDIT", "SỐ DƯ/BALANCE", "NỘI DUNG/DESCRIPTION"},
			9:  {1, d(2026, 1, 5), d(2026, 1, 5), nil, 26338000, 36338000, "PAYPAL PTE LTD PAYOUT 0105"},
			10: {2, d(2026, 1, 6), d(2026, 1, 6), 52000, nil, 36286000, "QR - CAFE SUA DA"},
			11: {3, d(2026, 1, 7), d(2026, 1, 6), 150000, nil, 36136000, "CHUYEN TIEN CHO ME"},
			12: {4, d(2026, 1, 9), d(2026, 1, 9), nil, 5000000, 41136000, "NGUYEN VAN B CK TIEN THIET KE LOGO"},
			13: {nil, nil, nil, 202000, 31338000},
		},
		formats: map[string]int{"B6:D6": 14, "B9:C12": 14, "D9:F13": 3},
	}}},
	{file: "vietinbank.xlsx", sheets: []xsheet{{
		name: "Sheet1",
		rows: map[int][]any{
			1:  {"NGÂN HÀNG TMCP CÔNG THƯƠNG VIỆT NAM"},
			2:  {"LỊCH SỬ GIAO DỊCH - TRANSACTION HISTORY"},
			4:  {"Số tài khoản/Account number: 101234567890"},
			5:  {"Từ ngày/From: 01/02/2026  Đến ngày/To: 28/02/2026"},
			7:  {"STT/No.", "Ngày hạch toán/Accounting date", "Ngày phát sinh/Transaction date", "Mô tả giao dịch/Transaction description", "Nợ / Debit", "Có / Credit", "Số dư TK/Account balance", "Số giao dịch/Transaction number"},
			8:  {1, "02/02/2026", "02/02/2026", "CT DEN:PAYONEER INC SINGAPORE", nil, 30500000, 45500000, "TXN0001"},
			9:  {2, "03/02/2026", "03/02/2026 10:15:00", "CHUYEN KHOAN TIEN HOC", 3000000, nil, 42500000, "TXN0002"},
			10: {3, nil, nil, "PHI CHUYEN KHOAN", 3300, nil, 42496700, "TXN0003"},
			11: {4, nil, nil, "GIAO DICH THE POS", 1250000, nil, 41246700, "TXN0004"},
			12: {5, "14/02/2026", "14/02/2026", "CONG TY ABC CHUYEN TIEN DICH THUAT", nil, 8000000, 49246700, "TXN0005"},
			13: {"Tổng cộng/Total", nil, nil, nil, 4253300, 38500000},
		},
		merges: []string{"A2:H2", "B9:B10", "C9:C10"},
	}}},
	{file: "bidv.xlsx", sheets: []xsheet{{
		name: "Sheet1",
		rows: map[int][]any{
			1:  {"NGÂN HÀNG TMCP ĐẦU TƯ VÀ PHÁT TRIỂN VIỆT NAM"},
			2:  {"BÁO CÁO CHI TIẾT SỐ DƯ TÀI KHOẢN"},
			4:  {"Số tài khoản:", "21510001234567"},
			5:  {"Số tài khoản cũ/OLD account:", "12010000123456"},
			6:  {"Loại tiền:", "VNĐ"},
			7:  {"Từ ngày: 01/03/2026 đến ngày: 31/03/2026"},
			9:  {"STT", "Ngày hiệu lực", "Ghi nợ", "Ghi có", "Số dư", "Mô tả"},
			10: {nil, "Số dư đầu kỳ", nil, nil, "8,500,000"},
			11: {"1", "02/03/2026", nil, "19,870,000", "28,370,000", "TT UPWORK ESCROW INC-UPWK 987654"},
			12: {"2", "09/03/2026", "2,000,000", nil, "26,370,000", "RUT TIEN ATM"},
			13: {"3", "25/03/2026", nil, "3,500,000", "29,870,000", "HOANG THI C CHUYEN TIEN"},
			14: {"Tổng cộng", nil, "2,000,000", "23,370,000"},
		},
	}}},
	{file: "tpbank.xlsx", sheets: []xsheet{{
		name: "VN",
		rows: map[int][]any{
			1:  {"NGÂN HÀNG TMCP TIÊN PHONG"},
			3:  {"SAO KÊ TÀI KHOẢN"},
			5:  {"Số tài khoản:", "02512345601"},
			6:  {"Loại tiền:", "VND"},
			7:  {"Từ ngày:", "01-01-2026", "Đến ngày:", "31-01-2026"},
			9:  {"Ngày thực hiện", "Ngày hiệu lực", "Mô tả giao dịch", "Ghi nợ", "Ghi có", "Số dư", "Tài khoản đối ứng", "Tên tài khoản", "Mã giao dịch"},
			10: {"05-01-2026 08:15:22", "05-01-2026", "THANH TOAN QR", "52,000", nil, "1,948,000", nil, nil, "FT26005000001"},
			11: {"12-01-2026 14:02:10", "12-01-2026", "TT PAYOUT 0112", nil, "9,876,543", "11,824,543", "0011223344", "STRIPE PAYMENTS SINGAPORE", "FT26012000002"},
			12: {"20-01-2026 09:30:00", "20-01-2026", "KH TRAN VAN E TT DICH VU", nil, "4,000,000", "15,824,543", "0987654321", "TRAN VAN E", "FT26020000003"},
		},
	}}},
	{file: "mandiri-excel.xlsx", sheets: []xsheet{{
		name: "Sheet1",
		rows: map[int][]any{
			1:  {"PT BANK MANDIRI (PERSERO) TBK"},
			3:  {"Nomor Rekening", "1370012345678"},
			4:  {"Periode", "01/02/2026 - 28/02/2026"},
			6:  {"Tgl.", "Tgl. Val.", "Rincian Transaksi", "No. Referensi", "Debit", "Kredit", "Saldo", "Branch"},
			7:  {"03/02/2026", "03/02/2026", "TRANSFER DARI PAYPAL PTE LTD", "REF260203001", 0, 16250000, 26250000, "99102"},
			8:  {"10/02/2026", "10/02/2026", "PEMBAYARAN LISTRIK PLN", "REF260210002", 750500.5, 0, 25499499.5, "99102"},
			9:  {"11/02/2026", "11/02/2026", "BIAYA ADMINISTRASI", nil, 12500, 0, 25486999.5, "99102"},
			10: {"Total", nil, nil, nil, 763000.5, 16250000},
		},
		formats: map[string]int{"E7:G10": 4},
	}}},
}

// techcombankMerges merges each row's cells the way the printout does: the
// data sits at columns B, H, Q, Y, AG, AT, BB, BH.
func techcombankMerges(from, to int) []string {
	spans := [][2]string{{"B", "G"}, {"H", "P"}, {"Q", "X"}, {"Y", "AF"}, {"AG", "AS"}, {"AT", "BA"}, {"BB", "BG"}, {"BH", "BM"}}
	var out []string
	for r := from; r <= to; r++ {
		for _, s := range spans {
			out = append(out, fmt.Sprintf("%s%d:%s%d", s[0], r, s[1], r))
		}
	}
	return out
}

// writeBook writes one workbook fixture to path.
func writeBook(t testing.TB, b xbook, path string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range b.sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for row, vals := range s.rows {
			for col, v := range vals {
				if v == nil {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(col+1, row)
				if err := f.SetCellValue(s.name, cell, v); err != nil {
					t.Fatal(err)
				}
			}
		}
		for cell, v := range s.at {
			if err := f.SetCellValue(s.name, cell, v); err != nil {
				t.Fatal(err)
			}
		}
		for _, m := range s.merges {
			a, z, _ := strings.Cut(m, ":")
			if err := f.MergeCell(s.name, a, z); err != nil {
				t.Fatal(err)
			}
		}
		for rng, id := range s.formats {
			style, err := f.NewStyle(&excelize.Style{NumFmt: id})
			if err != nil {
				t.Fatal(err)
			}
			a, z, ok := strings.Cut(rng, ":")
			if !ok {
				z = a
			}
			if err := f.SetCellStyle(s.name, a, z, style); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// dumpTable reads a file through OpenTable and returns its rows as text.
func dumpTable(t testing.TB, path string) string {
	t.Helper()
	tbl, err := OpenTable(path)
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Close()
	var b strings.Builder
	for {
		row, err := tbl.Next()
		if err != nil {
			break
		}
		sheet := ""
		if sh, ok := tbl.Rows.(interface{ Sheet() (int, string) }); ok {
			_, sheet = sh.Sheet()
		}
		fmt.Fprintf(&b, "%s:%d\t%q\n", sheet, row.Line, row.Cells)
	}
	return b.String()
}

func TestBankFixtures(t *testing.T) {
	dir := "../testdata/importers/banks"
	for _, b := range bankBooks {
		t.Run(b.file, func(t *testing.T) {
			committed := filepath.Join(dir, b.file)
			fresh := filepath.Join(t.TempDir(), b.file)
			writeBook(t, b, fresh)
			same := false
			if _, err := os.Stat(committed); err == nil {
				got, want := dumpTable(t, committed), dumpTable(t, fresh)
				same = got == want
				if !same && !*regenFixtures {
					t.Errorf("%s does not hold the cells bankBooks describes (run -regen-fixtures):\n--- committed\n%s--- generated\n%s", committed, got, want)
				}
			} else if !*regenFixtures {
				t.Fatalf("%v (run go test ./importers -run TestBankFixtures -regen-fixtures)", err)
			}
			// excelize does not write byte-identical files twice, so a
			// workbook is rewritten only when its cells change.
			if *regenFixtures && !same {
				data, err := os.ReadFile(fresh)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(committed, data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}
