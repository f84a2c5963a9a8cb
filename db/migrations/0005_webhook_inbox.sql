CREATE TABLE "inbox_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"message_id" text,
	"body" text NOT NULL,
	"verification" text NOT NULL,
	"verified" boolean NOT NULL
);
