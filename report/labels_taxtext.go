package report

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// The tax engine writes its regime names, line labels, trace steps and notes
// in English (and so does the report its warnings), with figures in them ("revenue 1,500,000,000 is not above the
// threshold 1,000,000,000: no PIT"). The workbook shows them in its language
// through this catalog of templates: "{n}" stands for a number (digits,
// separators, an optional %), "{c}" for a citation of a law or decree
// (kept as it is), "{}" for any text; a translation places them
// back as {1}, {2}… in the order they appear in the English. Text that is a
// hole is itself looked up among the fragments (activity names, the bases
// taxed…); a hole without a space that no fragment names (a period such as
// 2025-Q1, a rule id, a form number) is kept as it is. A text no template
// matches stays in English. A leading confidence tag "(C) " is kept.
//
// The texts of the Vietnamese, Indonesian and US regimes are here, in vi and
// id.
var taxTexts = map[string][2]string{ // English template: vi, id
	// regimes and their lines
	"Vietnam: PIT on salary/wage-type income (progressive, self-declared)": {"Việt Nam: thuế TNCN đối với thu nhập loại tiền lương, tiền công (biểu lũy tiến, tự khai)", "Vietnam: PPh atas penghasilan sejenis gaji/upah (tarif progresif, dilaporkan sendiri)"},
	"Vietnam: individual business income (PIT and VAT, self-declared)":     {"Việt Nam: thu nhập kinh doanh của cá nhân (thuế TNCN và thuế GTGT, tự khai)", "Vietnam: penghasilan usaha orang pribadi (PPh dan PPN, dilaporkan sendiri)"},
	"Indonesia: Art. {n} rates on book profit (pembukuan)":                 {"Indonesia: thuế suất Điều {1} trên lợi nhuận theo sổ sách (pembukuan)", "Indonesia: tarif Pasal {1} atas laba menurut pembukuan"},
	"Indonesia: Art. {n} rates on deemed net income (NPPN norma)":          {"Indonesia: thuế suất Điều {1} trên thu nhập ròng tính theo tỷ lệ norma (NPPN)", "Indonesia: tarif Pasal {1} atas penghasilan neto menurut norma (NPPN)"},
	"Indonesia: PP {} final {n} on gross turnover (UMKM)":                  {"Indonesia: thuế PPh cuối cùng {2} trên doanh thu gộp theo PP {1} (UMKM)", "Indonesia: PPh final {2} atas peredaran bruto menurut PP {1} (UMKM)"},
	"Personal income tax (business)":                                       {"Thuế TNCN (kinh doanh)", "PPh orang pribadi (usaha)"},
	"Personal income tax (salary/wage, annual)":                            {"Thuế TNCN (tiền lương, tiền công, cả năm)", "PPh orang pribadi (gaji/upah, setahun)"},
	"VAT (direct method on revenue)":                                       {"Thuế GTGT (phương pháp trực tiếp trên doanh thu)", "PPN (metode langsung atas omzet)"},
	"VAT (not charged on salary/wage income)":                              {"Thuế GTGT (không áp dụng với thu nhập tiền lương, tiền công)", "PPN (tidak dikenakan atas penghasilan gaji/upah)"},
	"VAT on services to clients abroad":                                    {"Thuế GTGT đối với dịch vụ cung cấp cho khách hàng ở nước ngoài", "PPN atas jasa kepada klien di luar negeri"},
	"PPh Art. {n} on book profit":                                          {"PPh Điều {1} trên lợi nhuận theo sổ sách", "PPh Pasal {1} atas laba menurut pembukuan"},
	"PPh Art. {n} on deemed net income (NPPN)":                             {"PPh Điều {1} trên thu nhập ròng tính theo norma (NPPN)", "PPh Pasal {1} atas penghasilan neto menurut norma (NPPN)"},
	"PPh final {n} (PP {})":                                                {"PPh cuối cùng {1} (PP {2})", "PPh final {1} (PP {2})"},

	// Vietnam: trace steps
	"net = gross - refunds - platform fees":                                                       {"thu nhập ròng = tổng thu - hoàn tiền - phí nền tảng", "neto = bruto - pengembalian dana - biaya platform"},
	"profit = gross - refunds - platform fees - expenses - config expenses":                       {"lợi nhuận = tổng thu - hoàn tiền - phí nền tảng - chi phí - chi phí khai trong cấu hình", "laba = bruto - pengembalian dana - biaya platform - pengeluaran - pengeluaran dari konfigurasi"},
	"profit = gross - refunds - platform fees - expenses - config expenses (config expenses {n})": {"lợi nhuận = tổng thu - hoàn tiền - phí nền tảng - chi phí - chi phí khai trong cấu hình (chi phí khai trong cấu hình {1})", "laba = bruto - pengembalian dana - biaya platform - pengeluaran - pengeluaran dari konfigurasi (pengeluaran dari konfigurasi {1})"},
	"revenue = gross - refunds":                                                                   {"doanh thu = tổng thu - hoàn tiền", "omzet = bruto - pengembalian dana"},
	"{}: {n}":                                                                                     {"{1}: {2}", "{1}: {2}"},
	"{} on {n}":                                                                                   {"{1} trên {2}", "{1} atas {2}"},
	"{} bracket {n} ({}): {n} x {n}":                                                              {"{1} bậc {2} ({3}): {4} x {5}", "{1} lapisan {2} ({3}): {4} x {5}"},
	"{}: {n} is not above {n}, no tax":                                                            {"{1}: {2} không vượt quá {3}, không phải nộp thuế", "{1}: {2} tidak melebihi {3}, tidak ada pajak"},
	"{} provisional PIT (02/KK-TNCN): ({n} - {n}) on the monthly table x 3, rounded": {"{1} thuế TNCN tạm nộp (02/KK-TNCN): ({2} - {3}) theo biểu thuế tháng x 3, làm tròn", "{1} PPh sementara (02/KK-TNCN): ({2} - {3}) dengan tabel bulanan x 3, dibulatkan"},
	"annual deductions = {n} x {n}":                                                                                                      {"giảm trừ cả năm = {1} x {2}", "pengurangan setahun = {1} x {2}"},
	"assessable income = {n} - {n} (not below 0)":                                                                                        {"thu nhập tính thuế = {1} - {2} (không nhỏ hơn 0)", "penghasilan kena pajak = {1} - {2} (tidak kurang dari 0)"},
	"balance at finalisation (02/QTT-TNCN) = annual PIT - quarterly provisional PIT":                                                     {"chênh lệch khi quyết toán (02/QTT-TNCN) = thuế TNCN cả năm - thuế TNCN đã tạm nộp theo quý", "selisih saat finalisasi (02/QTT-TNCN) = PPh setahun - PPh sementara per kuartal"},
	"deductions per month":                                                                                                               {"giảm trừ mỗi tháng", "pengurangan per bulan"},
	"dependant deduction per month: {n} x {n}":                                                                                           {"giảm trừ người phụ thuộc mỗi tháng: {1} x {2}", "pengurangan tanggungan per bulan: {1} x {2}"},
	"cumulative revenue passes the threshold in {} (quarter {n})":                                                                        {"doanh thu lũy kế vượt ngưỡng vào {1} (quý {2})", "omzet kumulatif melewati ambang pada {1} (kuartal {2})"},
	"above the threshold the whole revenue is taxed":                                                                                     {"vượt ngưỡng thì toàn bộ doanh thu chịu thuế", "di atas ambang, seluruh omzet dikenai pajak"},
	"only the revenue above the threshold is taxed":                                                                                      {"chỉ phần doanh thu vượt ngưỡng chịu thuế", "hanya omzet di atas ambang yang dikenai pajak"},
	"PIT = revenue {n} x {n} ({})":                                                                                                       {"thuế TNCN = doanh thu {1} x {2} ({3})", "PPh = omzet {1} x {2} ({3})"},
	"PIT, income method = profit {n} x {n} (the rate for revenue of {n})":                                                                {"thuế TNCN, phương pháp thu nhập = lợi nhuận {1} x {2} (thuế suất ứng với doanh thu {3})", "PPh, metode penghasilan = laba {1} x {2} (tarif untuk omzet {3})"},
	"PIT, revenue method = (revenue {n} - threshold {n}) x {n} ({})":                                                                     {"thuế TNCN, phương pháp doanh thu = (doanh thu {1} - ngưỡng {2}) x {3} ({4})", "PPh, metode omzet = (omzet {1} - ambang {2}) x {3} ({4})"},
	"for comparison, not in the total: income method = profit {n} x {n}":                                                                 {"để so sánh, không cộng vào tổng: phương pháp thu nhập = lợi nhuận {1} x {2}", "sebagai pembanding, tidak masuk total: metode penghasilan = laba {1} x {2}"},
	"for comparison, not in the total: revenue method = (revenue {n} - threshold {n}) x {n} ({})":                                        {"để so sánh, không cộng vào tổng: phương pháp doanh thu = (doanh thu {1} - ngưỡng {2}) x {3} ({4})", "sebagai pembanding, tidak masuk total: metode omzet = (omzet {1} - ambang {2}) x {3} ({4})"},
	"revenue {n} is above {n}: the income method applies":                                                                                {"doanh thu {1} vượt {2}: áp dụng phương pháp thu nhập", "omzet {1} di atas {2}: metode penghasilan berlaku"},
	"revenue {n} is not above the threshold {n}: no PIT":                                                                                 {"doanh thu {1} không vượt ngưỡng {2}: không phải nộp thuế TNCN", "omzet {1} tidak melebihi ambang {2}: tidak ada PPh"},
	"revenue {n} is not above the VAT threshold {n}: no VAT":                                                                             {"doanh thu {1} không vượt ngưỡng chịu thuế GTGT {2}: không phải nộp thuế GTGT", "omzet {1} tidak melebihi ambang PPN {2}: tidak ada PPN"},
	"VAT = revenue {n} x {n} ({}, direct method)":                                                                                        {"thuế GTGT = doanh thu {1} x {2} ({3}, phương pháp trực tiếp)", "PPN = omzet {1} x {2} ({3}, metode langsung)"},
	"VAT = (revenue {n} - {n}) x {n} ({})":                                                                                               {"thuế GTGT = (doanh thu {1} - {2}) x {3} ({4})", "PPN = (omzet {1} - {2}) x {3} ({4})"},
	"VAT on revenue from clients in Vietnam = revenue {n} x {n} x {n} ({}, direct method)":                                               {"thuế GTGT trên doanh thu từ khách hàng tại Việt Nam = doanh thu {1} x {2} x {3} ({4}, phương pháp trực tiếp)", "PPN atas omzet dari klien di Vietnam = omzet {1} x {2} x {3} ({4}, metode langsung)"},
	"VAT on services to clients abroad ({n} of revenue, {}, {}) = {n} x {n} x {n}":                                                       {"thuế GTGT đối với dịch vụ cho khách hàng ở nước ngoài ({1} doanh thu, {2}, {3}) = {4} x {5} x {6}", "PPN atas jasa kepada klien di luar negeri ({1} dari omzet, {2}, {3}) = {4} x {5} x {6}"},
	"Revenue from clients abroad: set tax.export_share (percent of revenue) to show its VAT as its own line ({})":                        {"Doanh thu từ khách hàng ở nước ngoài: đặt tax.export_share (phần trăm doanh thu) để thuế GTGT của phần này thành dòng riêng ({1})", "Omzet dari klien di luar negeri: atur tax.export_share (persen dari omzet) agar PPN-nya tampil sebagai baris tersendiri ({1})"},
	"VAT rate after the temporary {n} cut (tax.vat_reduction: eligible) = {n} x (1 - {n}) = {n} ({})":                                    {"thuế suất GTGT sau khi giảm tạm thời {1} (tax.vat_reduction: eligible) = {2} x (1 - {3}) = {4} ({5})", "tarif PPN setelah pengurangan sementara {1} (tax.vat_reduction: eligible) = {2} x (1 - {3}) = {4} ({5})"},
	"VAT threshold (revenue per year) for {n} prorated by month ({n} from {}, {n} from {}; within_year: prorate), rounded to {n} places": {"ngưỡng chịu thuế GTGT (doanh thu năm) của năm {1} chia theo tháng ({2} từ {3}, {4} từ {5}; within_year: prorate), làm tròn đến {6} chữ số thập phân", "ambang PPN (omzet per tahun) untuk {1} secara proporsional per bulan ({2} sejak {3}, {4} sejak {5}; within_year: prorate), dibulatkan ke {6} desimal"},
	"round {} {n} to {n}": {"làm tròn {1} {2} thành {3}", "pembulatan {1} {2} menjadi {3}"},

	// Indonesia: trace steps
	"{}: {n} above the exempt slice x {n}, rounded to {n} places": {"{1}: {2} vượt phần được miễn x {3}, làm tròn đến {4} chữ số thập phân", "{1}: {2} di atas bagian yang dibebaskan x {3}, dibulatkan ke {4} desimal"},
	"PKP = {n} - PTKP {n} (not below 0)":                          {"PKP = {1} - PTKP {2} (không nhỏ hơn 0)", "PKP = {1} - PTKP {2} (tidak kurang dari 0)"},
	"PKP {n} rounded down to {n}":                                 {"PKP {1} làm tròn xuống thành {2}", "PKP {1} dibulatkan ke bawah menjadi {2}"},
	"PP {} does not apply: the income is from services in connection with pekerjaan bebas (config tax.pekerjaan_bebas: true); the figure below is for comparison only": {"không áp dụng PP {1}: thu nhập từ dịch vụ gắn với pekerjaan bebas (hành nghề độc lập) (cấu hình tax.pekerjaan_bebas: true); số liệu dưới đây chỉ để so sánh", "PP {1} tidak berlaku: penghasilan berasal dari jasa sehubungan dengan pekerjaan bebas (konfigurasi tax.pekerjaan_bebas: true); angka di bawah hanya sebagai pembanding"},
	"PPh Art. {n} instalment for each month of {n} = {n} / 12, rounded (credits such as withheld PPh 21/23 would be subtracted first; none are in the ledger)":         {"khoản nộp dần PPh Điều {1} cho mỗi tháng của năm {2} = {3} / 12, làm tròn (các khoản được trừ như PPh 21/23 đã bị khấu trừ sẽ được trừ trước; sổ không có khoản nào)", "angsuran PPh Pasal {1} untuk setiap bulan tahun {2} = {3} / 12, dibulatkan (kredit seperti PPh 21/23 yang dipotong dikurangkan lebih dulu; tidak ada di buku besar)"},
	"PPh final = sum of the monthly payments":                        {"PPh cuối cùng = tổng các khoản nộp hằng tháng", "PPh final = jumlah setoran bulanan"},
	"PTKP for {} dependant(s) x {n}":                                 {"PTKP cho {1} người phụ thuộc x {2}", "PTKP untuk {1} tanggungan x {2}"},
	"PTKP total":                                                     {"tổng PTKP", "total PTKP"},
	"{n} dependants, counted at most {n}":                            {"{1} người phụ thuộc, tính tối đa {2}", "{1} tanggungan, dihitung paling banyak {2}"},
	"cumulative turnover passes the exempt {n} in {}":                {"doanh thu lũy kế vượt mức miễn {1} vào {2}", "peredaran bruto kumulatif melewati batas bebas {1} pada {2}"},
	"deemed net income = {n} x norma {n} (config tax.norma_percent)": {"thu nhập ròng theo norma = {1} x tỷ lệ norma {2} (cấu hình tax.norma_percent)", "penghasilan neto = {1} x norma {2} (konfigurasi tax.norma_percent)"},
	"turnover {n} is not above the exempt {n}: no tax":               {"doanh thu {1} không vượt mức miễn {2}: không phải nộp thuế", "peredaran bruto {1} tidak melebihi batas bebas {2}: tidak ada pajak"},
	"tax = ({n} - {n}) x {n}":                                        {"thuế = ({1} - {2}) x {3}", "pajak = ({1} - {2}) x {3}"},
	"ledger figures {n}; regime {} taxes {}":                         {"số liệu của sổ năm {1}; chế độ {2} đánh thuế trên {3}", "angka buku besar {1}; rezim {2} mengenakan pajak atas {3}"},
	"Nothing due: the {} is not above the threshold or allowance":    {"Không phải nộp: {1} không vượt ngưỡng hoặc mức được trừ", "Tidak ada yang terutang: {1} tidak melebihi ambang atau pengurang"},

	// notes written by the engine
	"No PIT: income {n} is not above the year's deductions of {n}":                                                                                               {"Không phải nộp thuế TNCN: thu nhập {1} không vượt tổng giảm trừ cả năm {2}", "Tidak ada PPh: penghasilan {1} tidak melebihi pengurangan setahun sebesar {2}"},
	"No VAT: salary/wage income is not subject to VAT":                                                                                                           {"Không có thuế GTGT: thu nhập tiền lương, tiền công không chịu thuế GTGT", "Tidak ada PPN: penghasilan gaji/upah bukan objek PPN"},
	"tax.expenses ({n}) is not deductible from salary/wage income":                                                                                               {"tax.expenses ({1}) không được trừ vào thu nhập tiền lương, tiền công", "tax.expenses ({1}) tidak dapat dikurangkan dari penghasilan gaji/upah"},
	"Income method used; the revenue method would give PIT of {n}":                                                                                               {"Dùng phương pháp thu nhập; theo phương pháp doanh thu, thuế TNCN sẽ là {1}", "Metode penghasilan dipakai; metode omzet akan menghasilkan PPh sebesar {1}"},
	"Revenue method used (tax.business_method: revenue); the income method would give PIT of {n}":                                                                {"Dùng phương pháp doanh thu (tax.business_method: revenue); theo phương pháp thu nhập, thuế TNCN sẽ là {1}", "Metode omzet dipakai (tax.business_method: revenue); metode penghasilan akan menghasilkan PPh sebesar {1}"},
	"tax.business_method: income is not available in {n}; the revenue method is used":                                                                            {"tax.business_method: income chưa áp dụng được cho năm {1}; dùng phương pháp doanh thu", "tax.business_method: income belum tersedia pada {1}; metode omzet dipakai"},
	"No PIT and no VAT: revenue {n} is not above the threshold of {n}":                                                                                           {"Không phải nộp thuế TNCN và thuế GTGT: doanh thu {1} không vượt ngưỡng {2}", "Tidak ada PPh dan PPN: omzet {1} tidak melebihi ambang {2}"},
	"The quarters paid {n} more than the year's tax: a credit carried at finalisation; how the tax office offsets or refunds it is unconfirmed":                  {"Các quý đã nộp nhiều hơn thuế cả năm {1}: số nộp thừa được chuyển sang khi quyết toán; cơ quan thuế bù trừ hay hoàn lại khoản này thế nào chưa được xác nhận", "Setoran kuartalan {1} lebih besar dari pajak setahun: kelebihannya dibawa ke finalisasi; cara kantor pajak mengkompensasi atau mengembalikannya belum dipastikan"},
	"{} turnover is negative after refunds: no payment that month, and the excess is not refunded here":                                                          {"{1}: doanh thu âm sau hoàn tiền: tháng đó không phải nộp, và phần âm không được hoàn ở đây", "{1}: peredaran bruto negatif setelah pengembalian dana: tidak ada setoran bulan itu, dan kelebihannya tidak dikembalikan di sini"},
	"Turnover {n} is above {n}: PP {} is not available next year (the test uses the prior year's turnover)":                                                      {"Doanh thu {1} vượt {2}: năm sau không được áp dụng PP {3} (điều kiện xét theo doanh thu năm trước)", "Peredaran bruto {1} di atas {2}: PP {3} tidak tersedia tahun depan (pengujiannya memakai peredaran bruto tahun sebelumnya)"},
	"No PPh: turnover {n} is not above the exempt {n} of the year":                                                                                               {"Không phải nộp PPh: doanh thu {1} không vượt mức miễn {2} của năm", "Tidak ada PPh: peredaran bruto {1} tidak melebihi batas bebas {2} setahun"},
	"Not available: turnover {n} is not below {n}, so bookkeeping is required; the figure is shown for comparison only":                                          {"Không áp dụng: doanh thu {1} không thấp hơn {2}, nên bắt buộc ghi sổ kế toán; số liệu chỉ để so sánh", "Tidak tersedia: peredaran bruto {1} tidak di bawah {2}, sehingga wajib pembukuan; angka ditampilkan hanya sebagai pembanding"},
	"tax.expenses ({n}) is not deductible under NPPN: the norma stands for all costs":                                                                            {"tax.expenses ({1}) không được trừ khi dùng NPPN: tỷ lệ norma đã thay cho mọi chi phí", "tax.expenses ({1}) tidak dapat dikurangkan dalam NPPN: norma sudah mewakili semua biaya"},
	"No PPh: net income {n} is not above PTKP {n}":                                                                                                               {"Không phải nộp PPh: thu nhập ròng {1} không vượt PTKP {2}", "Tidak ada PPh: penghasilan neto {1} tidak melebihi PTKP {2}"},
	"Not available: PP 55/2022 Art. 56(3)(a) excludes income from pekerjaan bebas (config tax.pekerjaan_bebas: true); Art. 17 rates apply (NPPN or bookkeeping)": {"Không áp dụng: PP 55/2022 Điều 56(3)(a) loại trừ thu nhập từ pekerjaan bebas (hành nghề độc lập) (cấu hình tax.pekerjaan_bebas: true); áp dụng thuế suất Điều 17 (NPPN hoặc ghi sổ kế toán)", "Tidak tersedia: PP 55/2022 Pasal 56 ayat (3) huruf a mengecualikan penghasilan dari pekerjaan bebas (konfigurasi tax.pekerjaan_bebas: true); berlaku tarif Pasal 17 (NPPN atau pembukuan)"},
	"Tax withheld at source of {n} {} is not deducted from the totals: claim it as a credit when filing":                                                         {"Thuế đã khấu trừ tại nguồn {1} {2} không được trừ vào các tổng: hãy kê khai để được trừ khi quyết toán", "Pajak yang dipotong di sumber sebesar {1} {2} tidak dikurangkan dari total: kreditkan saat melapor SPT"},
	// United States
	"United States: Schedule C, SE tax and federal income tax (single)":        {"Hoa Kỳ: Schedule C, thuế tự doanh (SE) và thuế thu nhập liên bang (độc thân)", "Amerika Serikat: Schedule C, pajak wirausaha (SE) dan pajak penghasilan federal (lajang)"},
	"Self-employment tax (Schedule SE)":                                        {"Thuế tự doanh (Schedule SE)", "Pajak wirausaha (Schedule SE)"},
	"Federal income tax (Form 1040)":                                           {"Thuế thu nhập liên bang (Form 1040)", "Pajak penghasilan federal (Form 1040)"},
	"Additional Medicare Tax (Form 8959)":                                      {"Thuế Medicare bổ sung (Form 8959)", "Pajak Medicare tambahan (Form 8959)"},
	"AGI = {n} - {n}":                                                          {"AGI = {1} - {2}", "AGI = {1} - {2}"},
	"Additional Medicare Tax = ({n} - {n}) x {n}":                              {"thuế Medicare bổ sung = ({1} - {2}) x {3}", "pajak Medicare tambahan = ({1} - {2}) x {3}"},
	"HI = {n} x {n}":                                                           {"HI = {1} x {2}", "HI = {1} x {2}"},
	"OASDI = {n} x {n}":                                                        {"OASDI = {1} x {2}", "OASDI = {1} x {2}"},
	"QBI = profit - deductible part of SE tax":                                 {"QBI = lợi nhuận - phần thuế tự doanh được trừ", "QBI = laba - bagian pajak wirausaha yang dapat dikurangkan"},
	"QBI = Schedule C profit":                                                  {"QBI = lợi nhuận Schedule C", "QBI = laba Schedule C"},
	"QBI component = {n} x {n}":                                                {"phần QBI = {1} x {2}", "komponen QBI = {1} x {2}"},
	"QBI component phased out by ({n} - {n}) / {n} (no W-2 wages or property)": {"phần QBI giảm dần theo ({1} - {2}) / {3} (không có tiền lương W-2 hay tài sản)", "komponen QBI dikurangi bertahap sebesar ({1} - {2}) / {3} (tanpa upah W-2 atau aset)"},
	"QBI deduction = the smaller of the two":                                   {"khoản trừ QBI = số nhỏ hơn trong hai số", "pengurangan QBI = yang lebih kecil dari keduanya"},
	"SE tax = OASDI + HI":                                                      {"thuế tự doanh = OASDI + HI", "pajak wirausaha = OASDI + HI"},
	"deduction for part of SE tax = {n} x {n}":                                 {"khoản trừ một phần thuế tự doanh = {1} x {2}", "pengurangan sebagian pajak wirausaha = {1} x {2}"},
	"estimated tax instalment = {n} / {n}, rounded (each of the {n} periods)":  {"khoản nộp thuế ước tính = {1} / {2}, làm tròn (mỗi kỳ trong {3} kỳ)", "angsuran pajak estimasi = {1} / {2}, dibulatkan (setiap periode dari {3} periode)"},
	"income tax from the Tax Table: row at least {n} but less than {n}, the schedule's tax on its midpoint, in whole dollars (exact schedule: {n})": {"thuế thu nhập theo Bảng thuế (Tax Table): dòng từ {1} đến dưới {2}, thuế theo biểu tính tại điểm giữa của dòng, làm tròn đến đô la (theo biểu chính xác: {3})", "pajak penghasilan dari Tabel Pajak (Tax Table): baris paling sedikit {1} tetapi kurang dari {2}, pajak menurut skedul pada titik tengahnya, dalam dolar penuh (skedul persis: {3})"},
	"limit = {n} x taxable income before QBI {n}":                                       {"giới hạn = {1} x thu nhập chịu thuế trước QBI {2}", "batas = {1} x penghasilan kena pajak sebelum QBI {2}"},
	"minimum QBI deduction applies (QBI {n} >= {n})":                                    {"áp dụng khoản trừ QBI tối thiểu (QBI {1} >= {2})", "pengurangan QBI minimum berlaku (QBI {1} >= {2})"},
	"net SE earnings {n} are below {n}: no SE tax":                                      {"thu nhập ròng từ tự doanh {1} dưới {2}: không có thuế tự doanh", "penghasilan neto wirausaha {1} di bawah {2}: tidak ada pajak wirausaha"},
	"net SE earnings {n} are not above {n}: no Additional Medicare Tax":                 {"thu nhập ròng từ tự doanh {1} không vượt {2}: không có thuế Medicare bổ sung", "penghasilan neto wirausaha {1} tidak melebihi {2}: tidak ada pajak Medicare tambahan"},
	"net earnings from self-employment = {n} x {n}":                                     {"thu nhập ròng từ tự doanh = {1} x {2}", "penghasilan neto dari wirausaha = {1} x {2}"},
	"taxable income = {n} - {n}":                                                        {"thu nhập chịu thuế = {1} - {2}", "penghasilan kena pajak = {1} - {2}"},
	"taxable income before QBI = {n} - {n} (not below 0)":                               {"thu nhập chịu thuế trước QBI = {1} - {2} (không nhỏ hơn 0)", "penghasilan kena pajak sebelum QBI = {1} - {2} (tidak kurang dari 0)"},
	"No SE tax: net earnings from self-employment are below {n}":                        {"Không có thuế tự doanh: thu nhập ròng từ tự doanh dưới {1}", "Tidak ada pajak wirausaha: penghasilan neto dari wirausaha di bawah {1}"},
	"No tax: profit {n} leaves no taxable income and no net SE earnings of {n} or more": {"Không phải nộp thuế: lợi nhuận {1} không tạo ra thu nhập chịu thuế và thu nhập ròng từ tự doanh không đạt {2}", "Tidak ada pajak: laba {1} tidak menghasilkan penghasilan kena pajak maupun penghasilan neto wirausaha sebesar {2} atau lebih"},
	"Estimated tax (1040-ES) is required if the balance due is $1,000 or more; paying 90% of this year's tax or 100% (110% above $150,000 AGI) of last year's avoids the penalty ({c}). The quarterly figures are equal 25% instalments":                                                                                                                                                                       {"Phải nộp thuế ước tính (1040-ES) nếu số còn phải nộp từ $1,000 trở lên; nộp 90% thuế năm nay hoặc 100% (110% nếu AGI trên $150,000) thuế năm trước thì không bị phạt ({1}). Số liệu từng quý là các kỳ nộp bằng nhau 25%", "Pajak estimasi (1040-ES) wajib jika sisa terutang $1,000 atau lebih; membayar 90% pajak tahun ini atau 100% (110% bila AGI di atas $150,000) pajak tahun lalu menghindari denda ({1}). Angka kuartalan adalah angsuran sama besar 25%"},
	"Federal tax only: state and local income tax, credits (child tax credit, EITC) and other income are not modelled":                                                                                                                                                                                                                                                                                         {"Chỉ thuế liên bang: thuế thu nhập bang và địa phương, các khoản tín thuế (child tax credit, EITC) và thu nhập khác không được tính", "Hanya pajak federal: pajak penghasilan negara bagian dan lokal, kredit pajak (child tax credit, EITC) dan penghasilan lain tidak dimodelkan"},
	"Foreign-currency income is translated by the ledger's rate rule: by default the IRS yearly average rate of the year, which the IRS allows for income received evenly through the year; with fx.policy daily in the config, the posted rate of each day (the general rule: the rate prevailing when received, any posted rate applied consistently). Each entry records the rate it used (income entries)": {"Thu nhập bằng ngoại tệ được quy đổi theo quy tắc tỷ giá của sổ: mặc định là tỷ giá bình quân năm của IRS, được IRS cho phép với thu nhập nhận đều trong năm; với fx.policy daily trong cấu hình, là tỷ giá công bố của từng ngày (quy tắc chung: tỷ giá tại thời điểm nhận, một tỷ giá công bố được áp dụng nhất quán). Mỗi giao dịch ghi lại tỷ giá đã dùng (income entries)", "Penghasilan dalam mata uang asing dikonversi menurut aturan kurs buku besar: secara bawaan kurs rata-rata tahunan IRS, yang diizinkan IRS untuk penghasilan yang diterima merata sepanjang tahun; dengan fx.policy daily di konfigurasi, kurs yang diumumkan setiap hari (aturan umum: kurs yang berlaku saat diterima, kurs yang diumumkan diterapkan secara konsisten). Setiap transaksi mencatat kurs yang dipakai (income entries)"},
	"Taxable income under $100,000 is taxed from the IRS Tax Table (the schedule's tax on the midpoint of the row, in whole dollars), as Form 1040 requires; it can differ from the exact schedule by a few dollars":                                                                                                                                                                                           {"Thu nhập chịu thuế dưới $100,000 được tính thuế theo Bảng thuế (Tax Table) của IRS (thuế theo biểu tại điểm giữa của dòng, làm tròn đến đô la), như Form 1040 yêu cầu; số này có thể lệch vài đô la so với biểu chính xác", "Penghasilan kena pajak di bawah $100,000 dikenai pajak menurut Tabel Pajak (Tax Table) IRS (pajak menurut skedul pada titik tengah baris, dalam dolar penuh), sebagaimana diwajibkan Form 1040; hasilnya dapat berbeda beberapa dolar dari skedul persis"},
	"Assumes no W-2 wages, no other income, the standard deduction and a non-SSTB business without W-2 wages or property (above the QBI threshold the deduction phases out)":                                                                                                                                                                                                                                   {"Giả định không có tiền lương W-2, không có thu nhập khác, dùng khoản khấu trừ tiêu chuẩn và hoạt động kinh doanh không thuộc SSTB, không trả lương W-2 và không có tài sản (trên ngưỡng QBI, khoản trừ giảm dần)", "Mengasumsikan tidak ada upah W-2, tidak ada penghasilan lain, pengurang standar, dan usaha non-SSTB tanpa upah W-2 atau aset (di atas ambang QBI pengurangannya berkurang bertahap)"},
	"QBI above the threshold: phased out assuming a trade without W-2 wages or qualified property (an SSTB phases out faster)":                                                                                                                                                                                                                                                                                 {"QBI trên ngưỡng: giảm dần với giả định hoạt động kinh doanh không trả lương W-2 và không có tài sản đủ điều kiện (SSTB giảm nhanh hơn)", "QBI di atas ambang: dikurangi bertahap dengan asumsi usaha tanpa upah W-2 atau aset yang memenuhi syarat (SSTB berkurang lebih cepat)"},
	// the report's warnings and notes, on the Notes sheet
	"{n} unclassified entries are not counted: see 'income entries --year {n} --kind unclassified'":                                                       {"{1} giao dịch chưa phân loại không được tính: xem 'income entries --year {2} --kind unclassified'", "{1} transaksi yang belum diklasifikasi tidak dihitung: lihat 'income entries --year {2} --kind unclassified'"},
	"{n} entries have no exchange rate and are left out of the home-currency figures":                                                                     {"{1} giao dịch không có tỷ giá nên không được tính vào số liệu quy đổi", "{1} transaksi tidak memiliki kurs dan tidak dimasukkan ke dalam angka mata uang pelaporan"},
	"credit {c} ({c}) looks like a payout but matches no transfer: it is not counted as income; 'income transfers link OUT {c}' links it to its transfer": {"khoản nhận {1} ({2}) trông như tiền rút từ nền tảng nhưng không khớp với giao dịch chuyển nào: không được tính là thu nhập; 'income transfers link OUT {3}' nối nó với giao dịch chuyển", "kredit {1} ({2}) tampak seperti pencairan dana tetapi tidak cocok dengan transfer mana pun: tidak dihitung sebagai penghasilan; 'income transfers link OUT {3}' menautkannya ke transfernya"},
	"{n} more credits look like payouts but match no transfer: see 'income transfers --year {n}'":                                                         {"còn {1} khoản nhận khác trông như tiền rút từ nền tảng nhưng không khớp với giao dịch chuyển nào: xem 'income transfers --year {2}'", "{1} kredit lain tampak seperti pencairan dana tetapi tidak cocok dengan transfer mana pun: lihat 'income transfers --year {2}'"},
	"Tax not computed: {c}": {"Chưa tính thuế: {1}", "Pajak tidak dihitung: {1}"},

	// notes from the rules data (not the per-rule verification notes)
	"The figures are converted at the kurs pajak (KMK) in force on the transaction date, valid Wednesday to Tuesday; currencies outside the KMK list go through USD at the daily spot rate":                                           {"Số liệu được quy đổi theo kurs pajak (KMK) có hiệu lực vào ngày giao dịch, áp dụng từ thứ Tư đến thứ Ba; đồng tiền ngoài danh sách KMK được quy đổi qua USD theo tỷ giá giao ngay trong ngày", "Angka dikonversi dengan kurs pajak (KMK) yang berlaku pada tanggal transaksi, berlaku Rabu sampai Selasa; mata uang di luar daftar KMK dikonversi melalui USD dengan kurs spot harian"},
	"PTKP status is taken as at {n} January of the tax year; a working spouse's combined income (K/I) is not modelled":                                                                                                                {"Tình trạng PTKP được xác định tại ngày {1} tháng 1 của năm tính thuế; trường hợp gộp thu nhập của vợ hoặc chồng có đi làm (K/I) chưa được tính", "Status PTKP ditentukan pada tanggal {1} Januari tahun pajak; penggabungan penghasilan istri yang bekerja (K/I) tidak dimodelkan"},
	"Whether a freelance programmer or designer counts as pekerjaan bebas (e.g. a consultant), which excludes PP {}, is unsettled: sales of templates, prompts or SaaS are business (usaha)":                                          {"Lập trình viên hay nhà thiết kế tự do có được coi là pekerjaan bebas (như chuyên gia tư vấn) hay không, điều sẽ loại trừ PP {1}, vẫn chưa rõ: bán mẫu, prompt hay SaaS là kinh doanh (usaha)", "Apakah pemrogram atau desainer lepas termasuk pekerjaan bebas (misalnya konsultan), yang mengecualikan PP {1}, belum pasti: penjualan templat, prompt, atau SaaS adalah usaha"},
	"NPPN must be notified within the first {n} months of the year, otherwise bookkeeping is assumed ({c})":                                                                                                                           {"Phải thông báo dùng NPPN trong {1} tháng đầu năm, nếu không sẽ được coi là ghi sổ kế toán ({2})", "Penggunaan NPPN harus diberitahukan dalam {1} bulan pertama tahun itu, jika tidak dianggap menyelenggarakan pembukuan ({2})"},
	"Not available for pekerjaan bebas income (consultants, designers as 'experts', authors, translators...) nor income taxed abroad ({c})":                                                                                           {"Không áp dụng cho thu nhập từ pekerjaan bebas (chuyên gia tư vấn, nhà thiết kế với tư cách 'chuyên gia', tác giả, dịch giả...) và thu nhập đã chịu thuế ở nước ngoài ({1})", "Tidak berlaku untuk penghasilan dari pekerjaan bebas (konsultan, desainer sebagai 'tenaga ahli', penulis, penerjemah...) maupun penghasilan yang dikenai pajak di luar negeri ({1})"},
	"Not available for pekerjaan bebas income (consultants, designers as 'experts', authors, translators...) nor income taxed abroad ({c}): say tax.pekerjaan_bebas: true in the config and this regime is shown for comparison only": {"Không áp dụng cho thu nhập từ pekerjaan bebas (chuyên gia tư vấn, nhà thiết kế với tư cách 'chuyên gia', tác giả, dịch giả...) và thu nhập đã chịu thuế ở nước ngoài ({1}): đặt tax.pekerjaan_bebas: true trong cấu hình thì chế độ này chỉ được trình bày để so sánh", "Tidak berlaku untuk penghasilan dari pekerjaan bebas (konsultan, desainer sebagai 'tenaga ahli', penulis, penerjemah...) maupun penghasilan yang dikenai pajak di luar negeri ({1}): atur tax.pekerjaan_bebas: true di konfigurasi dan rezim ini hanya ditampilkan sebagai pembanding"},
	"Opting into Art. {n} rates is irreversible ({c})": {"Đã chọn thuế suất Điều {1} thì không thể quay lại ({2})", "Memilih tarif Pasal {1} tidak dapat dibatalkan ({2})"},
	"Each monthly payment is rounded down to whole rupiah, as paid (amounts of tax due are rounded down to whole rupiah: {c}, quoted in the DJP Kring Pajak FAQ; applied here to each payment)":                                     {"Mỗi khoản nộp hằng tháng được làm tròn xuống đến rupiah nguyên, đúng như khi nộp (số thuế phải nộp được làm tròn xuống đến rupiah nguyên: {1}, được trích trong FAQ Kring Pajak của DJP; ở đây áp dụng cho từng khoản nộp)", "Setiap setoran bulanan dibulatkan ke bawah ke rupiah penuh, sesuai yang disetor (jumlah pajak terutang dibulatkan ke bawah ke rupiah penuh: {1}, dikutip dalam FAQ Kring Pajak DJP; di sini diterapkan pada setiap setoran)"},
	"PPh and the Art. {n} instalments are rounded down to whole rupiah ({c}, quoted in the DJP Kring Pajak FAQ); the months list the next year's monthly Art. {n} instalments (this year's PPh / 12, {c})":                          {"PPh và các khoản nộp dần theo Điều {1} được làm tròn xuống đến rupiah nguyên ({2}, được trích trong FAQ Kring Pajak của DJP); các tháng liệt kê khoản nộp dần hằng tháng theo Điều {3} của năm sau (PPh năm nay / 12, {4})", "PPh dan angsuran Pasal {1} dibulatkan ke bawah ke rupiah penuh ({2}, dikutip dalam FAQ Kring Pajak DJP); bulan-bulan memuat angsuran bulanan Pasal {3} tahun berikutnya (PPh tahun ini / 12, {4})"},
	"Which costs are deductible follows UU PPh Art. {n} and {n}: check that every expense in the ledger qualifies":                                                                                                                  {"Chi phí nào được trừ theo UU PPh Điều {1} và {2}: hãy kiểm tra từng khoản chi trong sổ có đủ điều kiện", "Biaya yang dapat dikurangkan mengikuti UU PPh Pasal {1} dan {2}: periksa bahwa setiap pengeluaran di buku besar memenuhi syarat"},
	"The norma percentage depends on the KLU and the zone ({c}): the {n} default is from code snippets only":                                                                                                                        {"Tỷ lệ norma phụ thuộc vào mã KLU và khu vực ({1}): mức mặc định {2} chỉ lấy từ các đoạn mã tham khảo", "Persentase norma tergantung pada KLU dan wilayah ({1}): nilai bawaan {2} hanya berasal dari cuplikan kode"},
	"tax.norma_percent: the norma % depends on the KLU and the zone ({c}); check yours":                                                                                                                                             {"tax.norma_percent: tỷ lệ norma phụ thuộc vào mã KLU và khu vực ({1}); hãy kiểm tra tỷ lệ của bạn", "tax.norma_percent: persentase norma tergantung pada KLU dan wilayah ({1}); periksa milik Anda"},
	"The income figures are converted at the buying rate of the bank holding the account (Vietcombank if none) on the day the income arises ({c}); whether {c} changes this is unconfirmed":                                         {"Thu nhập được quy đổi theo tỷ giá mua của ngân hàng nơi mở tài khoản (Vietcombank nếu không có) vào ngày phát sinh thu nhập ({1}); {2} có thay đổi điều này hay không chưa được xác nhận", "Penghasilan dikonversi dengan kurs beli bank tempat rekening dibuka (Vietcombank jika tidak ada) pada hari penghasilan timbul ({1}); apakah {2} mengubah hal ini belum dipastikan"},
	"Upwork/Fiverr-type income paid from abroad may be treated as salary/wage (vn-salary) or as business income (vn-business); no authoritative ruling was found, so both are shown: check with the tax office which route applies": {"Thu nhập kiểu Upwork/Fiverr trả từ nước ngoài có thể được coi là tiền lương, tiền công (vn-salary) hoặc thu nhập kinh doanh (vn-business); chưa tìm thấy hướng dẫn chính thức nên cả hai đều được trình bày: hãy hỏi cơ quan thuế cách nào được áp dụng", "Penghasilan sejenis Upwork/Fiverr yang dibayar dari luar negeri dapat diperlakukan sebagai gaji/upah (vn-salary) atau penghasilan usaha (vn-business); tidak ditemukan ketentuan resmi, sehingga keduanya ditampilkan: tanyakan ke kantor pajak mana yang berlaku"},
	"A temporary {n} cut of the VAT rate ({c}) applies to goods and services outside the excluded groups; the full rate is used: set tax.vat_reduction: eligible or excluded":                                                       {"Thuế suất GTGT được giảm tạm thời {1} ({2}) cho hàng hóa, dịch vụ ngoài các nhóm bị loại trừ; đang dùng thuế suất đầy đủ: đặt tax.vat_reduction: eligible hoặc excluded", "Pengurangan sementara {1} atas tarif PPN ({2}) berlaku untuk barang dan jasa di luar kelompok yang dikecualikan; tarif penuh dipakai: atur tax.vat_reduction: eligible atau excluded"},
	"VAT rate cut by {n} for goods and services outside the excluded groups ({c}): check that your {} are not in an excluded group":                                                                                                 {"Thuế suất GTGT giảm {1} cho hàng hóa, dịch vụ ngoài các nhóm bị loại trừ ({2}): hãy kiểm tra {3} của bạn không thuộc nhóm bị loại trừ", "Tarif PPN dikurangi {1} untuk barang dan jasa di luar kelompok yang dikecualikan ({2}): periksa bahwa {3} Anda tidak termasuk kelompok yang dikecualikan"},
	"tax.vat_reduction: excluded: the full VAT rate is used (the {n} cut of {c} does not apply)":                                                                                                                                    {"tax.vat_reduction: excluded: dùng thuế suất GTGT đầy đủ (không áp dụng mức giảm {1} của {2})", "tax.vat_reduction: excluded: tarif PPN penuh dipakai (pengurangan {1} menurut {2} tidak berlaku)"},
	"Business licence fee (not in the total): {c} for revenue above {c}; abolished from {} ({c})":                                                                                                                                   {"Lệ phí môn bài (không cộng vào tổng): {1} với doanh thu trên {2}; bãi bỏ từ {3} ({4})", "Biaya lisensi usaha (tidak masuk total): {1} untuk omzet di atas {2}; dihapus sejak {3} ({4})"},
	"Insurance contributions, charity and other deductions are not modelled; residents only":                                                                                                                                        {"Chưa tính các khoản đóng bảo hiểm, từ thiện và các khoản giảm trừ khác; chỉ áp dụng cho cá nhân cư trú", "Iuran asuransi, sumbangan, dan pengurang lain tidak dimodelkan; hanya untuk wajib pajak dalam negeri"},
	"A chosen income method is kept for {n} consecutive years ({c}); choose it with tax.business_method: income":                                                                                                                    {"Phương pháp thu nhập đã chọn phải giữ trong {1} năm liên tục ({2}); chọn bằng tax.business_method: income", "Metode penghasilan yang dipilih berlaku {1} tahun berturut-turut ({2}); pilih dengan tax.business_method: income"},
	"Digital goods and SaaS: which activity group applies (goods, services, digital_content from {n}) is unconfirmed; set tax.activity in the config":                                                                               {"Hàng hóa số và SaaS: thuộc nhóm ngành nghề nào (goods, services, digital_content từ {1}) chưa được xác nhận; đặt tax.activity trong cấu hình", "Barang digital dan SaaS: kelompok kegiatan mana yang berlaku (goods, services, digital_content sejak {1}) belum dipastikan; atur tax.activity di konfigurasi"},
	"From {} platforms with a payment function, domestic and foreign, must withhold this VAT/PIT ({c}); whether Upwork, Etsy or Gumroad actually do is unconfirmed: tax withheld is a credit, not deducted here":                    {"Từ {1}, các nền tảng có chức năng thanh toán, trong nước và nước ngoài, phải khấu trừ thuế GTGT/TNCN này ({2}); Upwork, Etsy hay Gumroad có thực sự khấu trừ hay không chưa được xác nhận: thuế đã khấu trừ được trừ khi quyết toán, không trừ ở đây", "Sejak {1}, platform dengan fungsi pembayaran, dalam dan luar negeri, wajib memotong PPN/PPh ini ({2}); apakah Upwork, Etsy, atau Gumroad benar-benar memotongnya belum dipastikan: pajak yang dipotong adalah kredit, tidak dikurangkan di sini"},
	"Quarterly figures are the year's formula on the revenue to the end of each quarter minus what the earlier quarters carried: confirm how the tax office wants the quarters split":                                               {"Số liệu mỗi quý là công thức của cả năm áp dụng cho doanh thu lũy kế đến cuối quý, trừ phần các quý trước đã tính: hãy xác nhận cơ quan thuế muốn chia theo quý thế nào", "Angka kuartalan adalah rumus tahunan atas omzet sampai akhir setiap kuartal dikurangi bagian kuartal sebelumnya: pastikan cara kantor pajak membaginya per kuartal"},
	"Revenue from clients abroad: set tax.export_share (percent of revenue) to show its VAT as its own line; its treatment (rate, {n} or not subject) is unconfirmed, choose it with tax.export_vat":                                {"Doanh thu từ khách hàng ở nước ngoài: đặt tax.export_share (phần trăm doanh thu) để thuế GTGT của phần này thành dòng riêng; cách tính (thuế suất thường, {1} hay không chịu thuế) chưa được xác nhận, chọn bằng tax.export_vat", "Omzet dari klien di luar negeri: atur tax.export_share (persen dari omzet) agar PPN-nya tampil sebagai baris tersendiri; perlakuannya (tarif biasa, {1}, atau bukan objek pajak) belum dipastikan, pilih dengan tax.export_vat"},
	"The amended Law on Tax Administration (in force {}) may change forms and deadlines: not researched":                                                                                                                            {"Luật Quản lý thuế sửa đổi (có hiệu lực từ {1}) có thể thay đổi mẫu biểu và thời hạn: chưa được tìm hiểu", "Undang-undang Administrasi Perpajakan Vietnam yang diubah (berlaku {1}) dapat mengubah formulir dan tenggat: belum diteliti"},
	"Whether platform fees reduce salary/wage income is unconfirmed; here the income is taken before fees":                                                                                                                          {"Phí nền tảng có được trừ vào thu nhập tiền lương, tiền công hay không chưa được xác nhận; ở đây thu nhập được tính trước phí", "Apakah biaya platform mengurangi penghasilan gaji/upah belum dipastikan; di sini penghasilan diambil sebelum biaya"},
}

// taxFragments are the words the engine puts into its texts: the activity
// groups, the bases taxed, what is rounded, and the parameters' names shown
// as "name: value".
var taxFragments = map[string][2]string{
	"goods":                         {"hàng hóa", "barang"},
	"services":                      {"dịch vụ", "jasa"},
	"production":                    {"sản xuất", "produksi"},
	"leasing":                       {"cho thuê tài sản", "sewa"},
	"digital_content":               {"nội dung số", "konten digital"},
	"other":                         {"khác", "lainnya"},
	"gross":                         {"tổng thu", "bruto"},
	"revenue":                       {"doanh thu", "omzet"},
	"net":                           {"thu nhập ròng", "neto"},
	"profit":                        {"lợi nhuận", "laba"},
	"PIT":                           {"thuế TNCN", "PPh"},
	"VAT":                           {"thuế GTGT", "PPN"},
	"PPh":                           {"PPh", "PPh"},
	"tax":                           {"thuế", "pajak"},
	"above {n}":                     {"trên {1}", "di atas {1}"},
	"at the direct-method rate {n}": {"theo thuế suất của phương pháp trực tiếp {1}", "dengan tarif metode langsung {1}"},
	"at {n}":                        {"theo thuế suất {1}", "dengan tarif {1}"},
	"not subject to VAT":            {"không chịu thuế GTGT", "bukan objek PPN"},
	"rules {}":                      {"quy định {1}", "aturan {1}"},
	"vn.biz.export_vat: not subject to 2025 when the export conditions are met, unconfirmed from 2026; choose with tax.export_vat": {"vn.biz.export_vat: không chịu thuế đến hết năm 2025 khi đáp ứng điều kiện xuất khẩu, chưa được xác nhận từ năm 2026; chọn bằng tax.export_vat", "vn.biz.export_vat: bukan objek pajak sampai akhir 2025 bila syarat ekspor terpenuhi, belum dipastikan sejak 2026; pilih dengan tax.export_vat"},
	"PPh Art. {n}":                           {"PPh Điều {1}", "PPh Pasal {1}"},
	"PIT (monthly bounds x {n})":             {"thuế TNCN (mức bậc tháng x {1})", "PPh (batas bulanan x {1})"},
	"PIT threshold (revenue per year)":       {"ngưỡng chịu thuế TNCN (doanh thu năm)", "ambang PPh (omzet per tahun)"},
	"VAT threshold (revenue per year)":       {"ngưỡng chịu thuế GTGT (doanh thu năm)", "ambang PPN (omzet per tahun)"},
	"taxpayer deduction per month":           {"giảm trừ bản thân mỗi tháng", "pengurangan wajib pajak per bulan"},
	"NPPN turnover limit (below)":            {"giới hạn doanh thu để dùng NPPN (dưới mức)", "batas peredaran bruto NPPN (di bawah)"},
	"PTKP, married":                          {"PTKP, đã kết hôn", "PTKP, kawin"},
	"PTKP, taxpayer":                         {"PTKP, bản thân người nộp thuế", "PTKP, wajib pajak"},
	"exempt turnover per year (individuals)": {"doanh thu được miễn mỗi năm (cá nhân)", "peredaran bruto tidak kena pajak per tahun (orang pribadi)"},
	"turnover ceiling":                       {"mức trần doanh thu", "batas atas peredaran bruto"},
	"PKP rounded down to a multiple of":      {"PKP làm tròn xuống bội số của", "PKP dibulatkan ke bawah ke kelipatan"},
	"HI":                                     {"HI", "HI"},
	"OASDI":                                  {"OASDI", "OASDI"},
	"QBI deduction":                          {"khoản trừ QBI", "pengurangan QBI"},
	"deductible part of SE tax":              {"phần thuế tự doanh được trừ", "bagian pajak wirausaha yang dapat dikurangkan"},
	"income tax":                             {"thuế thu nhập", "pajak penghasilan"},
	"income tax, exact rate schedule":        {"thuế thu nhập, theo biểu thuế suất chính xác", "pajak penghasilan, skedul tarif persis"},
	"income tax, exact rate schedule,":       {"thuế thu nhập, theo biểu thuế suất chính xác", "pajak penghasilan, skedul tarif persis"},
	"Additional Medicare Tax threshold":      {"ngưỡng thuế Medicare bổ sung", "ambang pajak Medicare tambahan"},
	"QBI phase-in range":                     {"khoảng giảm dần của QBI", "rentang pengurangan bertahap QBI"},
	"QBI threshold":                          {"ngưỡng QBI", "ambang QBI"},
	"no SE tax below":                        {"không có thuế tự doanh dưới mức", "tidak ada pajak wirausaha di bawah"},
	"social security wage base":              {"mức lương tối đa chịu thuế an sinh xã hội", "batas upah jaminan sosial"},
	"standard deduction":                     {"khoản khấu trừ tiêu chuẩn", "pengurang standar"},
	"taxable income below which the Tax Table must be used": {"thu nhập chịu thuế mà dưới mức đó phải dùng Bảng thuế (Tax Table)", "penghasilan kena pajak di bawah mana Tabel Pajak (Tax Table) wajib dipakai"},
	"Jan": {"tháng 1", "Jan"}, "Feb": {"tháng 2", "Feb"}, "Mar": {"tháng 3", "Mar"}, "Apr": {"tháng 4", "Apr"},
	"May": {"tháng 5", "Mei"}, "Jun": {"tháng 6", "Jun"}, "Jul": {"tháng 7", "Jul"}, "Aug": {"tháng 8", "Agu"},
	"Sep": {"tháng 9", "Sep"}, "Oct": {"tháng 10", "Okt"}, "Nov": {"tháng 11", "Nov"}, "Dec": {"tháng 12", "Des"},
}

// template is one compiled catalog entry.
type template struct {
	re    *regexp.Regexp
	lit   int // letters outside the holes: more is more specific
	trans [2]string
	kinds []byte // each hole's kind: 'n' a number, 'c' a citation, 0 text
}

var (
	compileOnce        sync.Once
	textTpl, fragTpl   []template
	numberHole         = `([-+]?[0-9](?:[0-9,.]*[0-9])?%?)`
	holeRE             = regexp.MustCompile(`\{[nc]?\}`)
	placeRE            = regexp.MustCompile(`\{([0-9]+)\}`)
	confidencePrefixRE = regexp.MustCompile(`^\(([CSU])\) `)
)

func compileTemplates(m map[string][2]string) []template {
	out := make([]template, 0, len(m))
	for en, tr := range m {
		var t template
		var re strings.Builder
		re.WriteString("^")
		last := 0
		for _, loc := range holeRE.FindAllStringIndex(en, -1) {
			re.WriteString(regexp.QuoteMeta(en[last:loc[0]]))
			t.lit += loc[0] - last
			switch en[loc[0]:loc[1]] {
			case "{n}":
				re.WriteString(numberHole)
				t.kinds = append(t.kinds, 'n')
			case "{c}":
				re.WriteString("(.+?)")
				t.kinds = append(t.kinds, 'c')
			default:
				re.WriteString("(.+?)")
				t.kinds = append(t.kinds, 0)
			}
			last = loc[1]
		}
		re.WriteString(regexp.QuoteMeta(en[last:]) + "$")
		t.lit += len(en) - last
		t.re, t.trans = regexp.MustCompile(re.String()), tr
		out = append(out, t)
	}
	// The most specific template first; ties in a fixed order.
	sort.Slice(out, func(i, j int) bool {
		if out[i].lit != out[j].lit {
			return out[i].lit > out[j].lit
		}
		return out[i].re.String() < out[j].re.String()
	})
	return out
}

// taxText shows one of the tax engine's texts in lang; ok is false when
// some of it stays in English.
func taxText(lang, s string) (string, bool) {
	i := 0
	switch lang {
	case "vi":
		i = 0
	case "id":
		i = 1
	default:
		return s, true
	}
	compileOnce.Do(func() { textTpl, fragTpl = compileTemplates(taxTexts), compileTemplates(taxFragments) })
	prefix := confidencePrefixRE.FindString(s)
	out, ok := apply(textTpl, i, s[len(prefix):])
	return prefix + out, ok
}

// apply translates s with the first template of tpls that matches it.
func apply(tpls []template, lang int, s string) (string, bool) {
	for _, t := range tpls {
		m := t.re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		ok := true
		args := m[1:]
		for k, a := range args {
			if t.kinds[k] != 0 {
				continue
			}
			if f, fok := apply(fragTpl, lang, a); fok {
				args[k] = f
			} else if strings.ContainsAny(a, " ") {
				ok = false // English words left in the text
			}
		}
		return placeRE.ReplaceAllStringFunc(t.trans[lang], func(p string) string {
			n, _ := strconv.Atoi(p[1 : len(p)-1])
			if n < 1 || n > len(args) {
				return p
			}
			return args[n-1]
		}), ok
	}
	return s, false
}

// tx is a tax engine's text in the workbook's language.
func (b *book) tx(s string) string {
	t, _ := taxText(b.lang, s)
	return t
}
