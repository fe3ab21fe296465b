-- links.lua: on the site, a link to a chapter's directory or to a post's Markdown file
-- (README.md links `03-vga`; the site has no directories) goes to that chapter's post.
-- A chapter whose post is not written yet keeps its name, as plain text. The
-- README's link to common/site/README.md goes to that file's page, method.html.
local function post_exists(chapter)
  local file = io.open("posts/" .. chapter .. ".md", "r")
  if file then
    file:close()
    return true
  end
  return false
end

function Link(link)
  if link.target == "common/site/README.md" then
    link.target = "method.html"   -- how the posts are written, rendered by build_site.py
    return link
  end
  local chapter = link.target:match("^(%d%d%-[%w-]+)/?$")
      or link.target:match("^posts/(%d%d%-[%w-]+)%.md$")
  if not chapter then
    return nil
  end
  if not post_exists(chapter) then
    return link.content
  end
  link.target = chapter .. ".html"
  return link
end
