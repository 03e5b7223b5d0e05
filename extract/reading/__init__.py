"""Reading: a PDF becomes pages of words with boxes (text layer judged per page, OCR for the rest)."""
