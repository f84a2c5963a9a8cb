import { Link } from "react-router";

const TITLES: Record<number, string> = {
  400: "The request was not accepted",
  403: "You are not allowed to see this page",
  404: "Page not found",
};

/**
 * 404 / 403 / other 4xx pages show the domain message (written for people); 500 shows none of the
 * error, whose stack stays in the server log.
 */
export function ErrorPage({ status, message }: { status: number; message?: string }) {
  if (status === 503) {
    // Not a bug and nothing the reader did: say what is wrong and that it passes by itself.
    return (
      <section className="mx-auto max-w-xl py-16 text-center">
        <p className="text-sm font-medium text-slate-500">Error 503</p>
        <h1 className="mt-2">The database is unavailable</h1>
        <p className="mt-4 text-slate-600">
          Northstar cannot reach its database at the moment. Nothing is lost; reload this page in a few
          seconds.
        </p>
      </section>
    );
  }
  const known = status < 500;
  return (
    <section className="mx-auto max-w-xl py-16 text-center">
      <p className="text-sm font-medium text-slate-500">Error {status}</p>
      <h1 className="mt-2">{known ? (TITLES[status] ?? TITLES[400]) : "Something went wrong"}</h1>
      <p className="mt-4 text-slate-600">
        {known
          ? (message ?? "There is nothing at this address.")
          : "The error has been logged on the server. Try again in a moment."}
      </p>
      <p className="mt-8">
        <Link to="/" className="rounded-md bg-accent px-4 py-2 text-white no-underline hover:no-underline">
          Back to the overview
        </Link>
      </p>
    </section>
  );
}
