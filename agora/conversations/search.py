"""Full-text search of posts (title, then body), through `core.search`.

The services keep SQLite's FTS5 table (`conversations_post_fts`, created by migration
0002) in the post's transaction: a post is indexed while it is shown, and only then.
"""

from agora.core import search

POSTS = search.FullText(
    fts_table="conversations_post_fts", fts_columns=("title", "body"), pg_fields=("title", "body")
)
RESULTS = 50


def index_post(post) -> None:
    if post.is_visible:
        POSTS.put(pk=post.pk, community_id=post.community_id, values=(post.title, post.body))
    else:
        POSTS.drop(pk=post.pk)


def search_posts(queryset, community, query: str) -> list:
    """Posts of `queryset` in `community` matching every word of `query`, best first."""
    return POSTS.search(
        queryset,
        community_id=community.pk,
        found=search.words(query),
        any_word=False,
        limit=RESULTS,
    )
