-- links.lua: on the site, a link to a chapter's directory or to a post's Markdown file
-- (README.md links `03-vga`; the site has no directories) goes to that chapter's post.
function Link(link)
  local chapter = link.target:match("^(%d%d%-[%w-]+)/?$")
      or link.target:match("^posts/(%d%d%-[%w-]+)%.md$")
  if chapter then
    link.target = chapter .. ".html"
    return link
  end
end
