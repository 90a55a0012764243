/** Log in with an API key (or arrive by a `#key=` link, which skips this form). */
import { useState } from "preact/hooks";

export function LoginView({
  reason,
  onSubmit,
  busy,
}: {
  reason: string | null;
  onSubmit: (key: string) => void;
  busy: boolean;
}) {
  const [key, setKey] = useState("");
  return (
    <main id="content" class="login">
      <h1>Safety Case Graph</h1>
      <p class="lede">See where the Swiss-cheese holes of your safety cases line up.</p>
      <form
        class="login-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (key.trim()) onSubmit(key.trim());
        }}
      >
        {reason && (
          <p class="error" role="alert" data-testid="login-error">
            {reason}
          </p>
        )}
        <label for="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autocomplete="off"
          spellcheck={false}
          required
          value={key}
          onInput={(event) => setKey((event.target as HTMLInputElement).value)}
        />
        <button type="submit" disabled={busy}>
          {busy ? "Checking…" : "Log in"}
        </button>
        <p class="sub">
          The key stays in this browser tab (sessionStorage) and is sent only to this service. `make run`
          prints a link that logs you in; `scg keys create --role viewer` makes a key.
        </p>
      </form>
    </main>
  );
}
