package fold

import "testing"

func TestString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Ngày giao dịch", "ngay giao dich"},
		{"  NGAY   GIAO\tDICH ", "ngay giao dich"},
		{"Công ty TNHH Đức Anh", "cong ty tnhh duc anh"},
		{"Ngày giao dịch", "ngay giao dich"}, // NFD input
		{"UPWORK ESCROW", "upwork escrow"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := String(tt.in); got != tt.want {
			t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
