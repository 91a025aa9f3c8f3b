"""GPT-2's byte-level BPE alphabet (used by BART/Florence-2, SmolVLM and Whisper tokenizers), shared by the fixture builders."""


def byte_chars():
    """The printable character standing for each byte 0..255, in byte order."""
    bs = list(range(ord('!'), ord('~') + 1)) + list(range(ord('¡'), ord('¬') + 1)) + list(range(ord('®'), ord('ÿ') + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return [chr(c) for _, c in sorted(zip(bs, cs))]
