project = "검색 테스트"
language = "ko"
extensions = ["myst_parser", "jekyll_book.search_ko"]
myst_title_to_header = True
suppress_warnings = ["myst.header"]
jekyll_search_glossary = ["카프카 = Kafka", "쿠버네티스 = Kubernetes = k8s", "not a pair"]
