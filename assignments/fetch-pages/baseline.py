"""Fetch every page, one after the other."""
import course_io


def fetch_all(urls):
    pages = []
    for url in urls:
        pages.append(course_io.get(url))
    return pages
