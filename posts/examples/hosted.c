/* hosted.c: the smallest ordinary C program, built the ordinary way in post 01 to see
   what a hosted program gets without asking. */
int main(void)
{
    return 0;
}
