#!/usr/bin/env python3
"""The QA export for the media benchmark: N rows, one 12-megapixel JPEG each.

    gen_media.py rows N OUT.csv [IMAGES]
                                      the CSV (img-00001.jpg ... in media_files); with IMAGES
                                      (at most N), row i has img-((i - 1) mod IMAGES + 1), so
                                      each image is in several rows
    gen_media.py crops N BASES        "base left top file" lines for bench/media.sh

Each row is a valid counterfeit listing (its own id, title and description, so no row is a
duplicate of another), sampled in ISO week 2026-W49, with its image and alt text. The
images are crops of BASES generated base pictures at distinct offsets, so every file has its
own pixels (and hash). Python 3 stdlib; the same bytes every run.
"""
import csv
import sys

BRANDS = ["Louis Vuitton", "Gucci", "Prada", "Chanel", "Hermes", "Dior", "Nike", "Adidas", "Rolex", "Apple"]
ITEMS = ["tote bag", "shoulder bag", "sneakers", "wallet", "watch", "earbuds", "belt", "scarf", "cap", "backpack"]


def rows(n, out, images):
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["sample_id", "item_type", "market", "language", "title", "description", "seller_notes", "price",
                    "qa_decision", "violation_codes", "qa_rationale", "sop_reference", "sample_date", "difficulty",
                    "sensitive", "media_files", "media_alt"])
        for i in range(1, n + 1):
            brand, item = BRANDS[i % len(BRANDS)], ITEMS[(i // len(BRANDS)) % len(ITEMS)]
            w.writerow([
                f"c-bench-{i:05d}", "listing", "ID", "id",
                f"{brand} {item} KW super 1:1 mirror quality lot {i}",
                f"READY {brand} {item} grade mirror 1:1, sama persis aslinya. Stok nomor {i}, kirim hari ini.",
                "Shop 3 weeks old.", f"Rp {100 + i % 900}.000",
                "remove", "IP-03",
                "\"KW super\" and \"1:1\" are replica wording: IP-03 on its own.",
                "counterfeit-and-ip#ip-03", "2026-12-01", "1", "false",
                f"img-{(i - 1) % images + 1:05d}.jpg", f"Product photo {i}: a {item} with a {brand} style logo on a table.",
            ])


def crops(n, bases):
    # Offsets on a 20 x 20 grid (20 px apart) inside the 400 x 300 margin of each base.
    for i in range(1, n + 1):
        k = (i - 1) // bases
        print(f"{(i - 1) % bases} {(k % 20) * 20} {(k // 20 % 20) * 15} img-{i:05d}.jpg")


if __name__ == "__main__":
    if len(sys.argv) in (4, 5) and sys.argv[1] == "rows":
        n = int(sys.argv[2])
        images = int(sys.argv[4]) if len(sys.argv) == 5 else n
        if not 1 <= images <= n:
            sys.exit(f"gen_media.py rows: IMAGES ({images}) must be between 1 and the rows ({n})")
        rows(n, sys.argv[3], images)
    elif len(sys.argv) == 4 and sys.argv[1] == "crops":
        crops(int(sys.argv[2]), int(sys.argv[3]))
    else:
        sys.exit("usage: gen_media.py rows N OUT.csv [IMAGES] | gen_media.py crops N BASES")
