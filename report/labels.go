package report

import (
	"fmt"
	"sort"
	"strings"
)

// Languages are the label sets of the workbook.
var Languages = []string{"en", "vi", "id"}

// LangFor is the default workbook language of a ledger's country: VN→vi,
// ID→id, anything else en.
func LangFor(country string) string {
	switch strings.ToUpper(strings.TrimSpace(country)) {
	case "VN":
		return "vi"
	case "ID":
		return "id"
	}
	return "en"
}

// ParseLang checks a --lang value.
func ParseLang(s string) (string, error) {
	l := strings.ToLower(strings.TrimSpace(s))
	for _, x := range Languages {
		if l == x {
			return l, nil
		}
	}
	return "", fmt.Errorf("--lang %q: want one of %s", s, strings.Join(Languages, ", "))
}

// labels holds every text the workbook writes that is not data, in each
// language. Numbers, dates, formulas and kind codes (income, fee, …) are the
// same in every language; only these words change.
var labels = map[string][3]string{ // en, vi, id
	// sheet names (at most 31 characters, none of : \ / ? * [ ])
	"sheet.summary":   {"Summary", "Tổng hợp", "Ringkasan"},
	"sheet.entries":   {"Entries", "Giao dịch", "Transaksi"},
	"sheet.transfers": {"Transfers", "Chuyển tiền", "Transfer"},
	"sheet.rates":     {"Rates", "Tỷ giá", "Kurs"},
	"sheet.tax":       {"Tax", "Thuế", "Pajak"},
	"sheet.notes":     {"Notes", "Ghi chú", "Catatan"},

	// Summary
	"summary.title":     {"Income %d in %s", "Thu nhập năm %d (%s)", "Penghasilan tahun %d (%s)"},
	"summary.check":     {"Check: formulas equal income's figures", "Kiểm tra: công thức khớp số liệu của income", "Pemeriksaan: rumus sama dengan angka income"},
	"summary.ok":        {"OK", "OK", "OK"},
	"summary.mismatch":  {"MISMATCH", "SAI LỆCH", "TIDAK COCOK"},
	"summary.bySource":  {"By source", "Theo nguồn", "Per sumber"},
	"summary.byMonth":   {"By month", "Theo tháng", "Per bulan"},
	"summary.original":  {"In original currency", "Theo nguyên tệ", "Dalam mata uang asli"},
	"summary.counts":    {"Not counted as income", "Không tính là thu nhập", "Tidak dihitung sebagai penghasilan"},
	"summary.totalF":    {"Total (formulas)", "Tổng (công thức)", "Total (rumus)"},
	"summary.totalP":    {"Total (income's figures)", "Tổng (số liệu của income)", "Total (angka income)"},
	"summary.diff":      {"Difference (must be 0)", "Chênh lệch (phải bằng 0)", "Selisih (harus 0)"},
	"summary.transfers": {"Transfer entries (never income)", "Giao dịch chuyển tiền (không phải thu nhập)", "Transaksi transfer (bukan penghasilan)"},
	"summary.unclass":   {"Unclassified entries (not counted)", "Giao dịch chưa phân loại (không tính)", "Transaksi belum diklasifikasi (tidak dihitung)"},
	"summary.matched":   {"Transfers matched", "Chuyển tiền đã khớp", "Transfer cocok"},
	"summary.unmOut":    {"Transfers out without a match", "Chuyển đi chưa khớp", "Transfer keluar tanpa pasangan"},
	"summary.unmIn":     {"Transfers in without a match", "Nhận về chưa khớp", "Transfer masuk tanpa pasangan"},
	"summary.chart":     {"Monthly gross and net (%s)", "Doanh thu gộp và thu nhập thuần theo tháng (%s)", "Bruto dan neto bulanan (%s)"},
	"col.source":        {"Source", "Nguồn", "Sumber"},
	"col.entries":       {"Entries", "Số giao dịch", "Jumlah transaksi"},
	"col.gross":         {"Gross", "Doanh thu gộp", "Bruto"},
	"col.refunds":       {"Refunds", "Hoàn tiền", "Pengembalian dana"},
	"col.fees":          {"Fees", "Phí", "Biaya"},
	"col.expenses":      {"Expenses", "Chi phí", "Pengeluaran"},
	"col.net":           {"Net", "Thu nhập thuần", "Neto"},
	"col.withheld":      {"Tax withheld", "Thuế đã khấu trừ", "Pajak dipotong"},
	"col.month":         {"Month", "Tháng", "Bulan"},
	"col.currency":      {"Currency", "Loại tiền", "Mata uang"},
	"col.date":          {"Date", "Ngày", "Tanggal"},
	"col.account":       {"Account", "Tài khoản", "Akun"},
	"col.kind":          {"Kind", "Loại", "Jenis"},
	"col.description":   {"Description", "Diễn giải", "Keterangan"},
	"col.counterparty":  {"Counterparty", "Đối tác", "Pihak lawan"},
	"col.amount":        {"Amount", "Số tiền", "Jumlah"},
	"col.rate":          {"Rate", "Tỷ giá", "Kurs"},
	"col.rateDate":      {"Rate date", "Ngày tỷ giá", "Tanggal kurs"},
	"col.rateSource":    {"Rate source", "Nguồn tỷ giá", "Sumber kurs"},
	"col.ratePolicy":    {"Rate policy", "Cách chọn tỷ giá", "Kebijakan kurs"},
	"col.home":          {"Amount in %s", "Số tiền quy đổi (%s)", "Jumlah dalam %s"},
	"col.file":          {"File", "Tệp", "Berkas"},
	"col.line":          {"Line", "Dòng", "Baris"},
	"col.id":            {"ID", "Mã", "ID"},
	"col.ref":           {"Reference", "Số tham chiếu", "Referensi"},
	"col.status":        {"Status", "Trạng thái", "Status"},
	"col.out":           {"%s (out)", "%s (chuyển đi)", "%s (keluar)"},
	"col.in":            {"%s (in)", "%s (nhận về)", "%s (masuk)"},
	"col.realised":      {"Realised rate (in per out)", "Tỷ giá thực tế (nhận về / chuyển đi)", "Kurs realisasi (masuk per keluar)"},
	"col.base":          {"Base", "Đồng tiền yết giá", "Mata uang dasar"},
	"col.quote":         {"Quote", "Đồng tiền định giá", "Mata uang kuotasi"},
	"col.regime":        {"Regime", "Chế độ thuế", "Rezim"},
	"col.section":       {"Section", "Mục", "Bagian"},
	"col.key":           {"Key", "Mã", "Kode"},
	"col.label":         {"Description", "Diễn giải", "Uraian"},
	"col.rule":          {"Rule", "Quy định", "Aturan"},
	"col.effective":     {"Effective / due", "Hiệu lực / hạn", "Berlaku / tenggat"},
	"col.reference":     {"Reference", "Căn cứ", "Referensi"},
	"col.confidence":    {"Confidence", "Độ tin cậy", "Tingkat keyakinan"},
	"col.item":          {"Item", "Mục", "Butir"},
	"col.text":          {"Text", "Nội dung", "Isi"},
	"transfer.matched":  {"matched", "đã khớp", "cocok"},
	"transfer.unmOut":   {"unmatched out", "chuyển đi chưa khớp", "keluar tanpa pasangan"},
	"transfer.unmIn":    {"unmatched in", "nhận về chưa khớp", "masuk tanpa pasangan"},
	"transfer.none":     {"Transfers were not computed for this workbook.", "Chưa đối chiếu chuyển tiền cho bảng tính này.", "Transfer belum dihitung untuk buku kerja ini."},
	"tax.none":          {"Tax was not computed for this workbook: see 'income tax --year %d'.", "Chưa tính thuế cho bảng tính này: xem 'income tax --year %d'.", "Pajak belum dihitung untuk buku kerja ini: lihat 'income tax --year %d'."},
	"tax.country":       {"Country", "Quốc gia", "Negara"},
	"tax.total":         {"total", "tổng", "total"},
	"tax.line":          {"line", "khoản thuế", "pos pajak"},
	"tax.step":          {"step", "bước", "langkah"},
	"tax.deadline":      {"deadline", "hạn nộp", "tenggat"},
	"tax.note":          {"note", "ghi chú", "catatan"},
	"notes.generated":   {"Generated (UTC)", "Thời điểm tạo (UTC)", "Dibuat (UTC)"},
	"notes.version":     {"Version", "Phiên bản", "Versi"},
	"notes.year":        {"Year", "Năm", "Tahun"},
	"notes.home":        {"Home currency", "Đồng tiền hạch toán", "Mata uang pelaporan"},
	"notes.lang":        {"Language", "Ngôn ngữ", "Bahasa"},
	"notes.warning":     {"Warning", "Cảnh báo", "Peringatan"},
	"notes.note":        {"Note", "Ghi chú", "Catatan"},
	"notes.assumption":  {"Assumption", "Giả định", "Asumsi"},
	"notes.kind":        {"Kind", "Loại", "Jenis"},
	"notes.rule":        {"Rule", "Quy định", "Aturan"},
	"notes.confidence":  {"Confidence tag", "Mức tin cậy", "Tingkat keyakinan"},
	"notes.effective":   {"%s (effective %s)", "%s (hiệu lực từ %s)", "%s (berlaku sejak %s)"},
	"notes.precision":   {"%d numbers have more than 15 significant digits, more than a spreadsheet keeps; the nearest value is shown", "%d số có hơn 15 chữ số có nghĩa, vượt quá độ chính xác của bảng tính; giá trị gần nhất được hiển thị", "%d angka memiliki lebih dari 15 digit signifikan, melebihi presisi lembar kerja; nilai terdekat yang ditampilkan"},
	"assume.convert":    {"Each entry is converted at the rate for its own date and rounded half away from zero to the home currency's minor unit; every total is the sum of rounded entries.", "Mỗi giao dịch được quy đổi theo tỷ giá của chính ngày giao dịch và làm tròn (nửa làm tròn ra xa số 0) đến đơn vị nhỏ nhất của đồng tiền hạch toán; mọi tổng là tổng của các số đã làm tròn.", "Setiap transaksi dikonversi dengan kurs tanggalnya sendiri dan dibulatkan (setengah menjauhi nol) ke satuan terkecil mata uang pelaporan; setiap total adalah jumlah transaksi yang sudah dibulatkan."},
	"assume.net":        {"Net = gross − refunds − fees; expenses are shown beside net, not inside it.", "Thu nhập thuần = doanh thu gộp − hoàn tiền − phí; chi phí được trình bày bên cạnh, không trừ vào thu nhập thuần.", "Neto = bruto − pengembalian dana − biaya; pengeluaran ditampilkan di sampingnya, tidak dikurangkan."},
	"assume.signs":      {"In Entries, money out is negative; the Summary shows refunds, fees, expenses and tax withheld as magnitudes. A fee refund is a positive fee and lowers fees.", "Trong Giao dịch, tiền ra mang dấu âm; Tổng hợp trình bày hoàn tiền, phí, chi phí và thuế khấu trừ theo giá trị tuyệt đối. Phí được hoàn lại là phí dương và làm giảm tổng phí.", "Di Transaksi, uang keluar bernilai negatif; Ringkasan menampilkan pengembalian dana, biaya, pengeluaran dan pajak dipotong sebagai nilai mutlak. Pengembalian biaya adalah biaya positif dan mengurangi total biaya."},
	"assume.transfers":  {"Transfers between your own accounts and unclassified entries never count as income.", "Chuyển tiền giữa các tài khoản của chính bạn và giao dịch chưa phân loại không bao giờ được tính là thu nhập.", "Transfer antar akun Anda sendiri dan transaksi yang belum diklasifikasi tidak pernah dihitung sebagai penghasilan."},
	"assume.formulas":   {"Summary figures are formulas (SUMIFS, COUNTIFS) over the Entries sheet, so editing Entries recomputes them; the check cell compares them with income's own figures.", "Số liệu ở Tổng hợp là công thức (SUMIFS, COUNTIFS) trên trang Giao dịch, nên sửa Giao dịch sẽ tính lại; ô kiểm tra so sánh với số liệu của income.", "Angka di Ringkasan adalah rumus (SUMIFS, COUNTIFS) atas lembar Transaksi, sehingga mengubah Transaksi menghitung ulang; sel pemeriksaan membandingkannya dengan angka income."},
	"assume.text":       {"Text from imported files is stored as text and never run as a formula.", "Văn bản từ tệp nhập được lưu dưới dạng văn bản và không bao giờ chạy như công thức.", "Teks dari berkas impor disimpan sebagai teks dan tidak pernah dijalankan sebagai rumus."},
	"kind.income":       {"money earned for work or sales, before platform fees (+)", "tiền kiếm được từ công việc hoặc bán hàng, trước phí nền tảng (+)", "uang yang diperoleh dari pekerjaan atau penjualan, sebelum biaya platform (+)"},
	"kind.refund":       {"money given back to a client or buyer (−)", "tiền hoàn lại cho khách hàng hoặc người mua (−)", "uang yang dikembalikan kepada klien atau pembeli (−)"},
	"kind.fee":          {"what a platform or payment rail kept (−; a fee refund +)", "phần nền tảng hoặc kênh thanh toán giữ lại (−; phí được hoàn +)", "bagian yang ditahan platform atau jalur pembayaran (−; pengembalian biaya +)"},
	"kind.expense":      {"purchases on the platform that are business costs (−)", "khoản mua trên nền tảng là chi phí kinh doanh (−)", "pembelian di platform yang merupakan biaya usaha (−)"},
	"kind.tax_withheld": {"tax withheld at source on your behalf (−)", "thuế bị khấu trừ tại nguồn thay cho bạn (−)", "pajak yang dipotong di sumber atas nama Anda (−)"},
	"kind.transfer":     {"money moving between your own accounts: never income (±)", "tiền chuyển giữa các tài khoản của bạn: không phải thu nhập (±)", "uang berpindah antar akun Anda sendiri: bukan penghasilan (±)"},
	"kind.unclassified": {"a row the importer could not place: not counted until classified (±)", "dòng mà trình nhập chưa phân loại được: không tính cho đến khi phân loại (±)", "baris yang belum dapat diklasifikasi: tidak dihitung sampai diklasifikasi (±)"},
	"confidence.C":      {"stated in a cited source quoting or summarising the legal text", "có trong nguồn được trích dẫn, trích hoặc tóm tắt văn bản pháp luật", "dinyatakan dalam sumber yang dikutip, yang mengutip atau meringkas teks hukum"},
	"confidence.S":      {"secondary support only, or sources disagree in part: verify", "chỉ có nguồn thứ cấp hoặc các nguồn chưa thống nhất: cần kiểm tra", "hanya dukungan sekunder atau sumber sebagian berbeda: periksa"},
	"confidence.U":      {"unconfirmed: verify before relying on it", "chưa được xác nhận: kiểm tra trước khi sử dụng", "belum dikonfirmasi: periksa sebelum digunakan"},
	"notes.langName":    {"English", "Tiếng Việt", "Bahasa Indonesia"},
}

// label returns the text of key in lang, formatted with args when given.
func label(lang, key string, args ...any) string {
	l, ok := labels[key]
	if !ok {
		panic("report: no label " + key)
	}
	i := 0
	switch lang {
	case "vi":
		i = 1
	case "id":
		i = 2
	}
	if len(args) > 0 {
		return fmt.Sprintf(l[i], args...)
	}
	return l[i]
}

// labelKeys lists every label key (for tests).
func labelKeys() []string {
	keys := make([]string, 0, len(labels))
	for k := range labels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
