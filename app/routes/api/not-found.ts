import { AppError } from "#lib/errors";
import { errorResponse } from "#app/api/route.server";

// Unknown /api/v1 paths answer in the API's JSON error format, not with the HTML error page.
const notFound = ({ request }: { request: Request }) =>
  errorResponse(new AppError("NOT_FOUND", `No API route ${new URL(request.url).pathname}`));

export const loader = notFound;
export const action = notFound;
