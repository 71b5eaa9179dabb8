import { describe, expect, it } from "vitest";
import { loginPage, loginPath, safeNext } from "./login.js";

describe("the login page", () => {
  it("returns only to paths on this server", () => {
    expect(safeNext("/ui/screen?name=kim")).toBe("/ui/screen?name=kim");
    for (const hostile of [
      "//evil.example/x",
      "/\\evil.example",
      "https://evil.example",
      "javascript:alert(1)",
      "",
      42,
    ])
      expect(safeNext(hostile)).toBe("/");
    expect(loginPath({ url: "/evidence/e1?x=1" })).toBe("/ui/login?next=%2Fevidence%2Fe1%3Fx%3D1");
  });

  it("escapes what was typed and the error", () => {
    const page = loginPage({ username: '"><script>x</script>', next: "/" }, "<b>bad</b>");
    expect(page).not.toContain("<script>x");
    expect(page).toContain("&quot;&gt;&lt;script&gt;");
    expect(page).toContain("&lt;b&gt;bad&lt;/b&gt;");
  });
});
