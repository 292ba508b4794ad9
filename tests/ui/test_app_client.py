"""The running app answered through gradio_client: cited results, escaped text, first-start build."""

import re

import pytest
from gradio_client import Client


def test_answers_a_query_with_cited_results(corpus_server):
    client = Client(corpus_server.url, verbose=False)
    html = client.predict("养老床位怎么整改的", 5, "按问题归组", "hybrid", [], [], "", "", api_name="/ask")
    assert "(3)对养老服务欠账多问题的整改" in html
    assert (
        "一是加大<mark>养老床位</mark>建设力度" in html or "一是加大<mark>养老</mark><mark>床位</mark>建设力度" in html
    )
    # the breadcrumb carries the full heading path and the offsets are shown
    assert "第一方面:党的领导作用有所弱化" in html and re.search(r"字符位置 \d+–\d+", html)
    assert "罗湖区 2019-12-25" in html


def test_an_english_question_shows_the_chinese_words_it_was_searched_with(corpus_server):
    client = Client(corpus_server.url, verbose=False)
    html = client.predict("elderly canteens in Luohu", 3, "按问题归组", "hybrid", [], [], "", "", api_name="/ask")
    assert re.search(r"\(searched as\)：[^<]*饭堂", html)
    assert "<mark>饭堂</mark>" in html  # the Chinese words are marked in the measures
    table, _md = client.predict("elderly care beds", [], 0.9, api_name="/compare")
    assert re.search(r"\(searched as\)：[^<]*床位", table) and "<mark>床位</mark>" in table


def test_compare_has_one_row_per_found_unit_and_one_line_for_the_rest(corpus_server):
    client = Client(corpus_server.url, verbose=False)
    # (table, markdown): the export files are built by the page's download buttons (test_compare_downloads.py)
    table, markdown = client.predict("养老床位怎么整改的", [], 0.9, api_name="/compare")
    found = re.findall(r'<tr class="found" data-bulletin="([^"]+)">', table)
    assert {"000_690db3eaa4e727e3", "synth-qingxi-2021"} <= set(found)
    luohu = re.search(r'<tr class="found" data-bulletin="000_690db3eaa4e727e3">(.*?)</tr>', table, re.S).group(1)
    assert '<span class="uname">罗湖区</span>' in luohu and "(3)对<mark>养老</mark>服务欠账多问题" in luohu
    # the units without an answer: after the found rows, in one line, each with its closest candidate
    line = re.search(r'<tr class="nf-row">(.*?)</tr>', table, re.S).group(1)
    assert table.index('<tr class="nf-row">') > max(table.index(f'data-bulletin="{b}"') for b in found)
    missing = re.findall(r'<details class="nf" data-bulletin="([^"]+)"', line)
    # 云岭县 has no elderly-care problem at all (白沙湾区 has one, under 养老服务体系, so it may be found)
    assert "synth-yunling-2020" in missing and not set(missing) & set(found)
    assert f"未找到（{len(missing)}）" in line and line.count('class="closest"') == len(missing)
    assert "| 罗湖区 2019-12-25 | (3)对养老服务欠账多问题的整改 |" in markdown
    assert re.search(rf"未找到（{len(missing)}）：.*云岭县", markdown)


def test_first_start_shows_progress_then_builds_and_escapes_untrusted_text(fresh_server, fresh_client):
    assert "首次启动：正在为 2 份通报建立索引" in fresh_server.first_config
    client, first = fresh_client
    assert "网页内容审核" in first or "<mark>网页</mark>" in first
    html = client.predict("脚本注入 可疑代码", 5, "逐条片段", "hybrid", [], [], "", "", api_name="/ask")
    assert "可疑代码" in html
    assert "<script>" not in html and "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    # markdown stays literal text, not a link
    assert "[点击这里](javascript:alert(1))" in html
    assert re.findall(r"<a [^>]*>", html) and all('class="cite-link"' in a for a in re.findall(r"<a [^>]*>", html))


def test_upload_rejects_bad_files_with_a_clear_message(corpus_server, tmp_path):
    from gradio_client import handle_file

    client = Client(corpus_server.url, verbose=False)
    wrong_type = tmp_path / "notes.xlsx"
    wrong_type.write_bytes(b"PK\x03\x04 not a bulletin")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    # Gradio's own type check answers first for a wrong extension; ours for unreadable content
    for path, message in (
        (wrong_type, r"不支持的文件类型 \.xlsx|Invalid file type.*\.txt"),
        (binary, "blob.txt：不是可识别的文本文件"),
    ):
        with pytest.raises(Exception, match=message):
            client.predict([handle_file(str(path))], api_name="/add")
    # nothing was added: the index still answers as before
    html = client.predict("养老床位怎么整改的", 3, "逐条片段", "bm25", [], [], "", "", api_name="/ask")
    assert "blob" not in html


def test_ask_and_compare_take_a_problem_category(corpus_server):
    client = Client(corpus_server.url, verbose=False)
    html = client.predict(
        "养老怎么整改的", 5, "按问题归组", "hybrid", [], [], "", "", [], [], [], ["安全生产"], api_name="/ask"
    )
    # only the 安全生产 problems answer; 罗湖区's (3)对养老服务欠账多问题 is 民生
    assert "养老服务机构安全监管" in html and "养老服务欠账多" not in html
    def found(categories):
        table, _md = client.predict("安全监管", [], 0.9, categories, api_name="/compare")
        return set(re.findall(r'<tr class="found" data-bulletin="([^"]+)">', table))

    # other tests may have added a bulletin to this shared server: compare the two answers
    narrowed, every = found(["安全生产"]), found([])
    assert "weibin-minzheng-2024" in narrowed and narrowed < every  # 罗湖区's 安全监管 is not 安全生产
    assert "000_690db3eaa4e727e3" in every - narrowed
